"""How sure is the order? SMAA-2 rank acceptability under sampled weights (and unknown scores).

Split from :mod:`mlchoose.core.analysis` so that ``rank`` without ``--robust`` never loads it; NumPy
is imported only inside the functions that sample. The sampling engine is
:mod:`mlchoose.core.sampling`, the decisive scores :mod:`mlchoose.core.decisive`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from mlchoose.core.decisive import DecisiveUnknown, decisive, drawn_cells
from mlchoose.core.ranking import order
from mlchoose.core.scores import (
    Interval,
    RangeTable,
    ScoreRow,
    ScoreTable,
    check_weights,
    totals_of,
    value_of,
)
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import (
    ROBUST_CONCENTRATION,
    ROBUST_MAX_SAMPLES,
    ROBUST_SAMPLES,
    ROBUST_SEED,
    Criterion,
    criteria_of,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: Default Dirichlet concentration c: sampled weights ~ Dirichlet(c x w). Each weight w_k then
#: follows Beta(c w_k, c (1 - w_k)): mean w_k, standard deviation sqrt(w_k (1 - w_k) / (c + 1)).
#: With c = 20 a weight of 0.25 has sd 0.094 and a 5-95 % range of about 0.10-0.43: "roughly
#: this weight, give or take half of it". c = number of criteria with equal weights would be
#: the uniform distribution of classic SMAA (no preference information at all); c -> infinity
#: gives back the user's weights exactly.
DEFAULT_CONCENTRATION: Final = ROBUST_CONCENTRATION
DEFAULT_SAMPLES: Final = ROBUST_SAMPLES
MAX_SAMPLES: Final = ROBUST_MAX_SAMPLES
#: Percentiles reported, in percent: 5, 25, 50 (median), 75, 95.
_PERCENTILES: Final = (5, 25, 50, 75, 95)


class RankSpread(NamedTuple):
    """One program's ranks across the samples (rank 1 is best)."""

    program: str
    #: Rank at the user's weights with unknown scores at their stand-ins (the plain ``rank``).
    rank: int
    #: Share of samples in which it ranks first (SMAA's first-rank acceptability b^1).
    first: float
    #: Percentiles of its rank: the smallest rank r that at least q % of samples reach (r or
    #: better), so each is a whole rank and ``median`` is the lower median.
    median: int
    low: int  # 5th percentile: the best end of the 5-95 % range
    high: int  # 95th percentile: the worst end
    #: Interquartile range (75th - 25th percentile rank) of these samples.
    iqr: int
    #: Rank acceptability indices b^r: the share of samples at each rank r = 1..n. In a big
    #: catalog (``Robustness.rank_bin`` > 1), ranks 1 to the last of the first ``exact_ranks``
    #: that it reaches (at least rank 1); its other samples rank beyond them.
    acceptability: tuple[float, ...]
    #: With uncertain unknowns only (else None): the IQR of its rank when only the weights are
    #: sampled (unknowns at stand-ins) and when only the unknown scores are (user's weights).
    weights_iqr: int | None = None
    unknowns_iqr: int | None = None


class Robustness(NamedTuple):
    #: Best first at the user's weights (the order of ``rank``).
    results: tuple[RankSpread, ...]
    samples: int
    seed: int
    concentration: float
    #: Unknown scores that could change the first place, likeliest first (empty without
    #: uncertain unknowns, or when none can).
    decisive: tuple[DecisiveUnknown, ...]
    #: Ranks 1..exact_ranks were counted one by one (every rank, up to 2,000 programs); later
    #: ones in bins of ``rank_bin`` ranks, so a percentile beyond is off by less than that.
    exact_ranks: int = 0
    rank_bin: int = 1
    #: The samples behind ``weights_iqr`` and ``unknowns_iqr``: the first
    #: :data:`~mlchoose.core.sampling.SPLIT_SAMPLES` (2,000) at most, whatever the catalog's
    #: size; 0 without.
    split_samples: int = 0


def robustness(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = ROBUST_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    ranges: RangeTable | None = None,
) -> Robustness:
    """How sure is the order? Rank acceptability under sampled weights (SMAA-2).

    Method: stochastic multicriteria acceptability analysis, SMAA-2 (Lahdelma & Salminen,
    "SMAA-2: Stochastic multicriteria acceptability analysis for group decision making",
    Operations Research 49(3), 2001), with the weight distribution centred on the user's weights
    instead of uniform: ``samples`` weight vectors are drawn from Dirichlet(c x w) over the
    criteria with positive weight (criteria with weight 0 stay 0), every program's total is
    computed under each, and each sample is ordered as ``ranking.order`` orders totals (rounded
    to 9 digits, ties broken by id). Per program: the share of samples in which it ranks first,
    its median rank and its 5-95 % rank range, and its rank acceptability indices.

    Reproducible: NumPy's ``default_rng(seed)`` draws everything, in a fixed order and in chunks
    of a fixed size, so the same inputs and seed give identical output with the same NumPy
    version (NumPy may change its Generator streams between versions, NEP 19).

    ``ranges`` (the honest-scores rule, the default of ``rank --robust``), per program and
    criterion the score's range [low, high]: every score whose range is open (partial evidence
    or none) is drawn too, in every sample and independently, from a Beta distribution on its
    range whose mean is the value the total uses (its point, or the stand-in for an unknown),
    with concentration :data:`~mlchoose.core.sampling.DRAW_CONCENTRATION`. Two more variants
    reuse those draws, one with only the weights sampled (scores at their points), one with only
    the scores sampled (the user's weights); a program's rank IQR under each says how much of
    its spread comes from which. ``decisive`` lists the scores that alone could change the
    winner (see :func:`mlchoose.core.decisive.decisive`). Without ``ranges`` only the weights
    are drawn (``--weights-only``).

    Speed and memory (issue 20): the totals of a chunk of samples are one matrix product, and
    its ranks one in-place sort of int64 keys per row; 10,000 samples over 40 programs take a
    few milliseconds, over 10,000 programs a few seconds. Memory stays bounded: see
    :mod:`mlchoose.core.sampling` for the rank counts (exact up to 2,000 programs; beyond, the
    first ranks exact and later ones in bins) and for the Beta draws, read from a shipped table
    of quantiles (:func:`~mlchoose.core.sampling.beta_rows`).
    """
    check_weights(weights)
    _check_options(samples, concentration)
    _check_scores(scores, stand_in)
    cells = drawn_cells(scores, stand_in, weights, ranges) if ranges is not None else {}
    totals = totals_of(scores, stand_in, weights)
    ranked = order(totals)
    found = decisive(scores, stand_in, weights, cells, totals, ranked)
    if not ranked:
        return Robustness((), samples, seed, concentration, found)

    import numpy as np

    from mlchoose.core import sampling

    ids = sorted(scores)
    active = [c for c in criteria_of(weights) if weights[c] > 0]
    big = len(ids) > sampling.BIG_CATALOG
    # Rows in id order; in a big catalog grouped by which scores are drawn, so that each
    # criterion's drawn scores lie in a few runs of rows (ties still go by id: see count_ranks).
    rows = sorted(ids, key=lambda i: [(i, c) in cells for c in active]) if big else ids
    values, available, drawn = _matrix(scores, stand_in, active, rows, cells)
    share = np.array([weights[c] for c in active])
    share /= share.sum()
    if not big:
        drawn = _dense(drawn, values)
    unknown = [sampling.plan(column, items, values) for column, items in drawn.items()]
    shape = sampling.layout(len(ids))
    index = {ident: i for i, ident in enumerate(ids)}
    counters = sampling.count_ranks(
        np.random.default_rng(seed),
        concentration * share,
        values,
        available,
        unknown,
        samples,
        variants=bool(cells),
        shape=shape,
        by_id=np.array([index[i] for i in rows]),
    )
    fewer = sampling.split_samples(samples)
    both = counters[0].spread(samples, _PERCENTILES)
    split = [c.spread(fewer, _PERCENTILES) for c in counters[1:]]
    results = _spreads(ranked, index, both, split, samples, shape.width > 1)
    return Robustness(
        tuple(results),
        samples,
        seed,
        concentration,
        found,
        shape.exact,
        shape.width,
        fewer if split else 0,
    )


def _check_options(samples: int, concentration: float) -> None:
    if not 1 <= samples <= MAX_SAMPLES:
        raise MlchooseError(
            f"must be between 1 and {MAX_SAMPLES:,}, not {samples}", USAGE_ERROR, option="samples"
        )
    if not (math.isfinite(concentration) and concentration > 0):
        raise MlchooseError(
            f"must be a positive number, not {concentration}", USAGE_ERROR, option="concentration"
        )


def _matrix(
    scores: ScoreTable,
    stand_in: ScoreRow,
    active: Sequence[Criterion],
    rows: Sequence[str],
    cells: Mapping[tuple[str, Criterion], Interval],
) -> tuple[NDArray[np.float64], NDArray[np.float64], dict[int, list[tuple[int, Interval]]]]:
    """The values a total uses (score or stand-in) per row and weighted criterion, where one
    exists, and per criterion column the rows whose score is drawn, with its range."""
    import numpy as np

    values = np.zeros((len(rows), len(active)))
    available = np.zeros((len(rows), len(active)))
    drawn: dict[int, list[tuple[int, Interval]]] = {}
    for i, ident in enumerate(rows):
        row = scores[ident]
        for column, criterion in enumerate(active):
            value = value_of(row, stand_in, criterion)
            if value is not None:
                values[i, column] = value
                available[i, column] = 1.0
                cell = cells.get((ident, criterion))
                if cell is not None:
                    drawn.setdefault(column, []).append((i, cell))
    return values, available, drawn


def _dense(
    drawn: Mapping[int, list[tuple[int, Interval]]], values: NDArray[np.float64]
) -> dict[int, list[tuple[int, Interval]]]:
    """Every row of each drawn column, a fixed score as the range [v, v] (drawn as v itself):
    in a small catalog a whole column is cheaper to add than a few rows picked from it."""
    found = {}
    for column, items in drawn.items():
        ranges = dict(items)
        found[column] = [
            (row, ranges.get(row, (float(v), float(v)))) for row, v in enumerate(values[:, column])
        ]
    return found


def _spreads(
    ranked: Sequence[str],
    index: Mapping[str, int],
    both: Any,
    split: Sequence[Any],
    samples: int,
    binned: bool,
) -> list[RankSpread]:
    """Each program's rank figures, best first; on a big catalog (``binned``) its rank
    acceptabilities up to the last of the first ranks it reaches."""
    import numpy as np

    weights_iqr, unknowns_iqr = (s.iqr.tolist() for s in split) if split else ([], [])
    medians, lows, highs, iqrs = (a.tolist() for a in (both.median, both.low, both.high, both.iqr))
    results = []
    for place, ident in enumerate(ranked, start=1):
        i = index[ident]
        counts = both.counts[i]
        if binned:
            counts = counts[: int(np.flatnonzero(counts)[-1]) + 1] if counts.any() else counts[:1]
        accepted = tuple((counts / samples).tolist())
        results.append(
            RankSpread(
                program=ident,
                rank=place,
                first=accepted[0],
                median=medians[i],
                low=lows[i],
                high=highs[i],
                iqr=iqrs[i],
                acceptability=accepted,
                weights_iqr=weights_iqr[i] if split else None,
                unknowns_iqr=unknowns_iqr[i] if split else None,
            )
        )
    return results


def _check_scores(scores: ScoreTable, stand_in: ScoreRow) -> None:
    """Scores in [0, 1] keep every total in [0, 100]: ``combine``'s clamp is then a no-op."""
    for where, row in [("stand-in", stand_in), *scores.items()]:
        for criterion in criteria_of(row):
            value = row.get(criterion)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{where}: score of {criterion} outside [0, 1]: {value}")
