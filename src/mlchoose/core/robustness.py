"""How sure is the order? SMAA-2 rank acceptability under sampled weights (and unknown scores).

Split from :mod:`mlchoose.core.analysis` so that ``rank`` without ``--robust`` never loads it; NumPy
is imported only inside the functions that sample.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from mlchoose.core.ranking import order
from mlchoose.core.scores import (
    Interval,
    RangeTable,
    ScoreRow,
    ScoreTable,
    check_weights,
    combined,
    totals_of,
    value_of,
)
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import (
    CRITERIA,
    ROBUST_CONCENTRATION,
    ROBUST_MAX_SAMPLES,
    ROBUST_SAMPLES,
    ROBUST_SEED,
    Criterion,
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
#: Percentiles reported, in percent.
_LOW, _Q1, _MEDIAN, _Q3, _HIGH = 5, 25, 50, 75, 95


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
    #: Rank acceptability indices b^r, r = 1..n: the share of samples at each rank.
    acceptability: tuple[float, ...]
    #: With uncertain unknowns only (else None): the IQR of its rank when only the weights are
    #: sampled (unknowns at stand-ins) and when only the unknown scores are (user's weights).
    weights_iqr: int | None = None
    unknowns_iqr: int | None = None


class DecisiveUnknown(NamedTuple):
    """An unknown score whose true value, alone, could change who ranks first."""

    program: str
    criterion: Criterion
    stand_in: float
    interval: Interval
    #: The value at which this program's total equals its rival's: the winner changes beyond it
    #: (above it for a challenger, below it for the current winner; at it, ties go by id).
    threshold: float
    new_winner: str
    #: Share of the interval beyond the threshold: the chance of a flip if the score is uniform
    #: on the interval and everything else stays as it is.
    chance: float


class Robustness(NamedTuple):
    #: Best first at the user's weights (the order of ``rank``).
    results: tuple[RankSpread, ...]
    samples: int
    seed: int
    concentration: float
    #: Per criterion, the interval unknown scores were drawn from (empty: unknowns fixed).
    intervals: Mapping[Criterion, Interval]
    #: Unknown scores that could change the first place, likeliest first (empty without
    #: uncertain unknowns, or when none can).
    decisive: tuple[DecisiveUnknown, ...]


def unknown_intervals(
    scores: ScoreTable, stand_in: ScoreRow, *, centred: bool = True
) -> dict[Criterion, Interval | None]:
    """Per criterion, the interval an unknown score is assumed to lie in (None: nobody knows it).

    ``centred=False``: [min, max] of the known scores, somewhere between the worst and the best
    program we know about. The default, ``centred=True``: the widest part of that range centred
    on the stand-in, [s - h, s + h] with h = min(s - min, max - s). Why centred: a score drawn
    uniformly from an interval averages the interval's midpoint, and the midpoint of [min, max]
    is not the catalog mean when known scores are skewed. In the built-in catalog it lies above
    the mean for curriculum (0.25 vs 0.18) and industry (0.50 vs 0.39), so full-range draws
    lifted every program with those unknowns: one program's first-place share went from 4 % to
    30 % by that bias alone. Centred draws keep "unknown counts as the average" on average and
    only add spread. Compute both inputs over the whole catalog, as the stand-ins are.
    """
    known: dict[Criterion, list[float]] = {c: [] for c in CRITERIA}
    for row in scores.values():
        for criterion in CRITERIA:
            score = row.get(criterion)
            if score is not None:
                known[criterion].append(score)
    intervals: dict[Criterion, Interval | None] = {}
    for criterion, values in known.items():
        middle = stand_in[criterion]
        if not values or middle is None:
            intervals[criterion] = None
        elif centred:
            half = max(0.0, min(middle - min(values), max(values) - middle))
            intervals[criterion] = (middle - half, middle + half)
        else:
            intervals[criterion] = (min(values), max(values))
    return intervals


def robustness(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = ROBUST_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    unknowns: Mapping[Criterion, Interval | None] | None = None,
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

    ``unknowns`` (issue 10), per criterion an interval such as :func:`unknown_intervals` gives:
    each unknown score on a weighted criterion with an interval is then drawn uniformly from it,
    in every sample and independently, in the same draws as the weights (the mean of its draws
    is the interval's midpoint: the stand-in with the default centred intervals). Two more
    variants reuse those draws, one with only the weights sampled (unknowns at their stand-ins),
    one with only the unknown scores sampled (the user's weights); a program's rank IQR under
    each says how much of its spread comes from which. ``decisive`` lists the unknown scores
    that alone could change the winner (see :func:`decisive_unknowns`).

    ``ranges`` (the honest-scores rule, the default of ``rank --robust``), per program and
    criterion the score's range [low, high]: every score whose range is open (partial evidence
    or none) is drawn too, from a Beta distribution on its range whose mean is the value the
    total uses (its point, or the stand-in for an unknown), with concentration
    :data:`DRAW_CONCENTRATION`; ``unknowns`` is then ignored. ``decisive`` covers those scores.

    Speed: the totals of a chunk of samples are one matrix product, and its ranks one in-place
    sort of int64 keys per row; 10,000 samples over 40 programs take a few milliseconds.
    """
    check_weights(weights)
    if not 1 <= samples <= MAX_SAMPLES:
        raise MlchooseError(
            f"must be between 1 and {MAX_SAMPLES:,}, not {samples}", USAGE_ERROR, option="samples"
        )
    if not (math.isfinite(concentration) and concentration > 0):
        raise MlchooseError(
            f"must be a positive number, not {concentration}", USAGE_ERROR, option="concentration"
        )
    _check_scores(scores, stand_in)
    intervals = _applied_intervals(stand_in, weights, unknowns)
    cells = _cells(scores, stand_in, weights, intervals, ranges)
    totals = totals_of(scores, stand_in, weights)
    ranked = order(totals)
    decisive = _decisive(scores, stand_in, weights, cells, totals, ranked)
    if ranges is not None:
        intervals = {}
    if not ranked:
        return Robustness((), samples, seed, concentration, intervals, decisive)

    import numpy as np

    ids = sorted(scores)
    active = [c for c in CRITERIA if weights[c] > 0]
    values = np.zeros((len(ids), len(active)))
    available = np.zeros((len(ids), len(active)))
    drawn: dict[int, list[tuple[int, Interval]]] = {}  # column -> (row, range) of drawn scores
    for i, ident in enumerate(ids):
        row = scores[ident]
        for column, criterion in enumerate(active):
            value = value_of(row, stand_in, criterion)
            if value is not None:
                values[i, column] = value
                available[i, column] = 1.0
                cell = cells.get((ident, criterion))
                if cell is not None:
                    drawn.setdefault(column, []).append((i, cell))
    share = np.array([weights[c] for c in active])
    share /= share.sum()
    uniform = ranges is None
    unknown = [_draw_plan(column, items, values, uniform) for column, items in drawn.items()]
    counts = _count_ranks(
        np.random.default_rng(seed),
        concentration * share,
        values,
        available,
        unknown,
        samples,
        variants=bool(cells),
    )
    spreads = [_spread(c, samples) for c in counts]
    index = {ident: i for i, ident in enumerate(ids)}
    results = []
    for place, ident in enumerate(ranked, start=1):
        i, both = index[ident], spreads[0]
        results.append(
            RankSpread(
                program=ident,
                rank=place,
                first=float(both.acceptability[i, 0]),
                median=int(both.median[i]),
                low=int(both.low[i]),
                high=int(both.high[i]),
                iqr=int(both.iqr[i]),
                acceptability=tuple(both.acceptability[i].tolist()),
                weights_iqr=int(spreads[1].iqr[i]) if cells else None,
                unknowns_iqr=int(spreads[2].iqr[i]) if cells else None,
            )
        )
    return Robustness(tuple(results), samples, seed, concentration, intervals, decisive)


#: How tightly a drawn score stays around its point: Beta(m c, (1 - m) c) on the range, with m
#: the point's place in it. 2 with the point in the middle is the uniform distribution; 4 keeps
#: draws nearer the point while every value of the range stays possible.
DRAW_CONCENTRATION: Final = 4.0


def _cells(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    intervals: Mapping[Criterion, Interval],
    ranges: RangeTable | None,
) -> dict[tuple[str, Criterion], Interval]:
    """The scores that are drawn, each with its range: open ranges (``ranges``), or unknown
    scores within their criterion's interval (``intervals``, the older ``--unknowns``)."""
    found: dict[tuple[str, Criterion], Interval] = {}
    for ident, row in scores.items():
        for criterion in CRITERIA:
            if weights[criterion] <= 0 or value_of(row, stand_in, criterion) is None:
                continue
            if ranges is not None:
                low, high = ranges[ident][criterion]
                if high - low > 1e-9:
                    found[ident, criterion] = (low, high)
            elif row.get(criterion) is None and criterion in intervals:
                found[ident, criterion] = intervals[criterion]
    return found


class _Plan(NamedTuple):
    """How one criterion column's uncertain scores are drawn."""

    column: int
    rows: list[int]
    low: NDArray[np.float64]
    width: NDArray[np.float64]
    base: NDArray[np.float64]
    #: Beta parameters; None: uniform on the range (the older per-criterion intervals).
    alpha: NDArray[np.float64] | None
    beta: NDArray[np.float64] | None

    def draw(self, rng: np.random.Generator, size: int) -> NDArray[np.float64]:
        """Each drawn score minus the value the total uses (its shift), for ``size`` samples."""
        shape = (size, len(self.rows))
        if self.alpha is None or self.beta is None:
            unit = rng.uniform(0.0, 1.0, size=shape)
        else:
            unit = rng.beta(self.alpha, self.beta, size=shape)
        shift: NDArray[np.float64] = self.low + self.width * unit - self.base
        return shift


def _draw_plan(
    column: int,
    items: Sequence[tuple[int, Interval]],
    values: NDArray[np.float64],
    uniform: bool,
) -> _Plan:
    import numpy as np

    rows = [i for i, _ in items]
    low = np.array([r[0] for _, r in items])
    width = np.array([r[1] - r[0] for _, r in items])
    base = values[rows, column]
    if uniform:
        return _Plan(column, rows, low, width, base, None, None)
    place = np.clip((base - low) / width, 0.01, 0.99)
    return _Plan(
        column,
        rows,
        low,
        width,
        base,
        place * DRAW_CONCENTRATION,
        (1 - place) * DRAW_CONCENTRATION,
    )


def _check_scores(scores: ScoreTable, stand_in: ScoreRow) -> None:
    """Scores in [0, 1] keep every total in [0, 100]: ``combine``'s clamp is then a no-op."""
    for where, row in [("stand-in", stand_in), *scores.items()]:
        for criterion in CRITERIA:
            value = row.get(criterion)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{where}: score of {criterion} outside [0, 1]: {value}")


def _applied_intervals(
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    unknowns: Mapping[Criterion, Interval | None] | None,
) -> dict[Criterion, Interval]:
    """The intervals that apply: to weighted criteria that some program knows (has a stand-in)."""
    chosen: dict[Criterion, Interval] = {}
    for criterion, interval in (unknowns or {}).items():
        if interval is None or weights[criterion] <= 0 or stand_in[criterion] is None:
            continue
        low, high = interval
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"interval of {criterion} must lie within [0, 1], not {interval}")
        chosen[criterion] = (low, high)
    return chosen


class _Spread(NamedTuple):
    acceptability: NDArray[np.float64]
    median: NDArray[np.intp]
    low: NDArray[np.intp]
    high: NDArray[np.intp]
    iqr: NDArray[np.intp]


def _count_ranks(
    rng: np.random.Generator,
    alpha: NDArray[np.float64],
    values: NDArray[np.float64],
    available: NDArray[np.float64],
    unknown: Sequence[_Plan],
    samples: int,
    *,
    variants: bool,
) -> list[NDArray[np.int64]]:
    """Per variant, counts[i, r]: samples in which program i (in id order) ranks r + 1.

    Variant 0 samples the weights and the unknown scores; with ``variants``, variant 1 only the
    weights (unknowns at their stand-ins, which ``values`` holds) and variant 2 only the unknown
    scores (the mean weights ``alpha / alpha.sum()``, i.e. the user's). A score drawn as u
    instead of its stand-in s adds w_k (u - s) to the numerator of its program's total.
    """
    import numpy as np

    count, criteria = values.shape
    shift = max(1, (count - 1).bit_length())
    mask = (1 << shift) - 1
    flipped = mask - np.arange(count, dtype=np.int64)
    position = np.arange(count, dtype=np.int64)
    tallies = [np.zeros((mask + 1) * count, dtype=np.int64) for _ in range(3 if variants else 1)]
    known = (values * available).T
    # Usually every program has a value (score or stand-in) on every weighted criterion: then
    # each total divides by the sum of that sample's weights, one number per sample.
    complete = bool(available.all())
    fixed_weights = alpha / alpha.sum()
    chunk = max(16, 20_000 // count)  # keeps a chunk's arrays in cache; part of the seed's stream
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        sampled = rng.dirichlet(alpha, size=size) if criteria > 1 else np.ones((size, 1))
        shifts = [(plan.column, plan.rows, plan.draw(rng, size)) for plan in unknown]
        setups = [(sampled, shifts)]
        if variants:
            fixed = np.broadcast_to(fixed_weights, (size, criteria))
            setups += [(sampled, []), (fixed, shifts)]
        for tally, (weights, moves) in zip(tallies, setups, strict=True):
            numerator = weights @ known
            for column, rows, delta in moves:
                numerator[:, rows] += weights[:, column, None] * delta
            denominator = weights.sum(axis=1, keepdims=True) if complete else weights @ available.T
            tally += _tally(numerator, denominator, shift, flipped, position, complete=complete)
    return [t.reshape(mask + 1, count)[::-1][:count, ::-1] for t in tallies]


def _tally(
    numerator: NDArray[np.float64],
    denominator: NDArray[np.float64],
    shift: int,
    flipped: NDArray[np.int64],
    position: NDArray[np.int64],
    *,
    complete: bool,
) -> NDArray[np.int64]:
    """Counts of (id code, sorted position) over a chunk; consumes ``numerator``.

    Key = round(total, 9) x 1e9 (an integer up to 1e11), shifted left, with (mask - id index)
    in the low bits: ascending order of keys is ascending (total, then descending id), so each
    row sorted ascending lists the programs from last to first exactly as ``ranking.order``
    does, in one in-place integer sort. A program without a total gets a negative key: last.
    """
    import numpy as np

    count = numerator.shape[1]
    missing = denominator <= 0
    anything_missing = not complete and bool(missing.any())
    if anything_missing:
        denominator = np.where(missing, 1.0, denominator)
    numerator *= 1e11 / denominator  # 100 points x 1e9 for the 9 digits kept
    np.rint(numerator, out=numerator)
    keys = np.empty(numerator.shape, dtype=np.int64)
    np.copyto(keys, numerator, casting="unsafe")  # 3-4x faster here than .astype(np.int64)
    if anything_missing:
        keys[missing] = -1
    keys <<= shift
    keys |= flipped
    keys.sort(axis=1)
    keys &= (1 << shift) - 1
    keys *= count
    keys += position
    return np.bincount(keys.ravel(), minlength=(1 << shift) * count)


def _spread(counts: NDArray[np.int64], samples: int) -> _Spread:
    """Rank percentiles by the inverted CDF: the smallest rank reached by >= q % of samples."""
    import numpy as np

    cumulative = np.cumsum(counts, axis=1) * 100

    def percentile(q: int) -> NDArray[np.intp]:
        first: NDArray[np.intp] = np.argmax(cumulative >= q * samples, axis=1)
        return first + 1

    return _Spread(
        acceptability=counts / samples,
        median=percentile(_MEDIAN),
        low=percentile(_LOW),
        high=percentile(_HIGH),
        iqr=percentile(_Q3) - percentile(_Q1),
    )


def decisive_unknowns(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    intervals: Mapping[Criterion, Interval | None],
) -> tuple[DecisiveUnknown, ...]:
    """The unknown scores that, resolved alone within their interval, change the winner.

    One-at-a-time and exact for the weighted sum: at the user's weights, with every other
    unknown at its stand-in, a program's total is linear in one of its unknown scores x, with
    slope 100 w_k / (sum of the weights it uses). A challenger P takes the first place from the
    winner W when x rises to s + (T_W - T_P) / slope (s the stand-in); W loses it to the
    runner-up R when x falls to s - (T_W - T_R) / slope. Only thresholds inside the interval
    count; whether the extreme of the interval flips the order is checked with
    ``ranking.order`` itself, ties by id. Simplification (documented, not hidden): learning a
    score would also move that criterion's stand-in, the catalog mean, by (x - s) / (k + 1)
    for the other unknown programs (k known scores); that second-order effect is ignored here.
    """
    applied = {c: i for c, i in intervals.items() if i is not None}
    totals = totals_of(scores, stand_in, weights)
    cells = _cells(scores, stand_in, weights, applied, None)
    return _decisive(scores, stand_in, weights, cells, totals, order(totals))


def _decisive(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    cells: Mapping[tuple[str, Criterion], Interval],
    totals: Mapping[str, float | None],
    ranked: Sequence[str],
) -> tuple[DecisiveUnknown, ...]:
    if not cells or len(ranked) < 2 or any(totals[i] is None for i in ranked[:2]):
        return ()
    winner, runner = ranked[0], ranked[1]
    found = []
    for (ident, criterion), (low, high) in sorted(cells.items()):
        row = scores[ident]
        total = totals[ident]
        base = value_of(row, stand_in, criterion)
        if total is None or base is None or high <= low:
            continue
        norm = math.fsum(
            weights[c]
            for c in CRITERIA
            if weights[c] > 0 and value_of(row, stand_in, c) is not None
        )
        slope = 100.0 * weights[criterion] / norm
        if ident == winner:  # its score falling may let the runner-up pass it
            other, new_winner, extreme = runner, runner, low
            other_total = totals[runner]
            assert other_total is not None
            threshold = base - (total - other_total) / slope
            beyond = threshold - low
        else:  # its score rising may let it pass the winner
            other, new_winner, extreme = winner, ident, high
            other_total = totals[winner]
            assert other_total is not None
            threshold = base + (other_total - total) / slope
            beyond = high - threshold
        moved = combined({**row, criterion: extreme}, weights, stand_in).total
        if order({ident: moved, other: other_total})[0] != new_winner:
            continue
        found.append(
            DecisiveUnknown(
                program=ident,
                criterion=criterion,
                stand_in=base,
                interval=(low, high),
                threshold=min(high, max(low, threshold)),
                new_winner=new_winner,
                chance=min(1.0, max(0.0, beyond / (high - low))),
            )
        )
    found.sort(key=lambda d: (-d.chance, d.program, CRITERIA.index(d.criterion)))
    return tuple(found)
