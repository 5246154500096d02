"""Decision support beyond one weighted sum: robustness, tipping points, dominance, AHP, "why".

Pure functions over the numbers ``ranking`` already computes; nothing here prints. Every function
takes the same three inputs:

* ``scores``: program id -> criterion -> score in [0, 1], ``None`` where unknown (see
  :func:`score_table`);
* ``stand_in``: criterion -> the catalog-wide stand-in for an unknown score, exactly as
  :func:`mlchoose.ranking.stand_ins` returns it (``None`` where no program knows the criterion);
* ``weights``: the applied weights of :func:`mlchoose.ranking.applied_weights`.

Totals are those of :func:`mlchoose.ranking.combine` (it is called, not re-implemented), and
orders are those of :func:`mlchoose.ranking.order`: higher total first, ties broken by id.

NumPy is imported only inside :func:`robustness`, the one function that needs it: importing it
costs about 0.4x of the command line's start-up, which every other command should not pay.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Generic, Literal, NamedTuple, TypeVar

from mlchoose.criteria import CriterionScore
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.ranking import Combined, combine, order
from mlchoose.vocab import CRITERIA, Criterion

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from mlchoose.ranking import Comparison, ProgramResult, Ranking

ScoreRow = Mapping[Criterion, float | None]
ScoreTable = Mapping[str, ScoreRow]
#: A closed interval [low, high] of plausible scores.
Interval = tuple[float, float]

#: Scores and totals are compared after rounding to this many digits, as ``ranking.order`` does.
_DIGITS = 9

K = TypeVar("K", bound=str)


def score_table(results: Iterable[ProgramResult]) -> dict[str, dict[Criterion, float | None]]:
    """The ``scores`` input of this module from ranked results: id -> criterion -> score."""
    return {r.program["id"]: {c: s.score for c, s in r.scores.items()} for r in results}


def _combined(row: ScoreRow, weights: Mapping[Criterion, float], stand_in: ScoreRow) -> Combined:
    """``ranking.combine`` on plain floats, so every total here is the one ``rank`` shows."""
    return combine({c: CriterionScore(c, row.get(c), "") for c in CRITERIA}, weights, stand_in)


def _value(row: ScoreRow, stand_in: ScoreRow, criterion: Criterion) -> float | None:
    """The value a total uses: the score, else the stand-in, else nothing."""
    score = row.get(criterion)
    return score if score is not None else stand_in[criterion]


def _totals(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float]
) -> dict[str, float | None]:
    return {ident: _combined(row, weights, stand_in).total for ident, row in scores.items()}


def _check_weights(weights: Mapping[Criterion, float]) -> None:
    for criterion in CRITERIA:
        value = weights[criterion]
        if not math.isfinite(value) or value < 0:
            raise MlchooseError(f"weight of {criterion} must be >= 0, not {value}", USAGE_ERROR)
    if not any(weights[c] > 0 for c in CRITERIA):
        raise MlchooseError("all weights are zero", USAGE_ERROR)


# --------------------------------------------------------------------------------------------
# Robustness: SMAA-style rank acceptability
# --------------------------------------------------------------------------------------------

#: Default Dirichlet concentration c: sampled weights ~ Dirichlet(c x w). Each weight w_k then
#: follows Beta(c w_k, c (1 - w_k)): mean w_k, standard deviation sqrt(w_k (1 - w_k) / (c + 1)).
#: With c = 20 a weight of 0.25 has sd 0.094 and a 5-95 % range of about 0.10-0.43: "roughly
#: this weight, give or take half of it". c = number of criteria with equal weights would be
#: the uniform distribution of classic SMAA (no preference information at all); c -> infinity
#: gives back the user's weights exactly.
DEFAULT_CONCENTRATION: Final = 20.0
DEFAULT_SAMPLES: Final = 10_000
MAX_SAMPLES: Final = 1_000_000
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
    seed: int = 0,
    concentration: float = DEFAULT_CONCENTRATION,
    unknowns: Mapping[Criterion, Interval | None] | None = None,
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

    Speed: the totals of a chunk of samples are one matrix product, and its ranks one in-place
    sort of int64 keys per row; 10,000 samples over 40 programs take a few milliseconds.
    """
    _check_weights(weights)
    if not 1 <= samples <= MAX_SAMPLES:
        raise MlchooseError(
            f"--samples must be between 1 and {MAX_SAMPLES:,}, not {samples}", USAGE_ERROR
        )
    if not (math.isfinite(concentration) and concentration > 0):
        raise MlchooseError(
            f"--concentration must be a positive number, not {concentration}", USAGE_ERROR
        )
    _check_scores(scores, stand_in)
    intervals = _applied_intervals(stand_in, weights, unknowns)
    totals = _totals(scores, stand_in, weights)
    ranked = order(totals)
    decisive = _decisive(scores, stand_in, weights, intervals, totals, ranked)
    if not ranked:
        return Robustness((), samples, seed, concentration, intervals, decisive)

    import numpy as np

    ids = sorted(scores)
    active = [c for c in CRITERIA if weights[c] > 0]
    values = np.zeros((len(ids), len(active)))
    available = np.zeros((len(ids), len(active)))
    drawn: dict[int, list[int]] = {}  # criterion column -> rows whose unknown score is drawn
    for i, ident in enumerate(ids):
        row = scores[ident]
        for column, criterion in enumerate(active):
            value = _value(row, stand_in, criterion)
            if value is not None:
                values[i, column] = value
                available[i, column] = 1.0
                if row.get(criterion) is None and criterion in intervals:
                    drawn.setdefault(column, []).append(i)
    share = np.array([weights[c] for c in active])
    share /= share.sum()
    unknown = [(column, rows, intervals[active[column]]) for column, rows in drawn.items()]
    counts = _count_ranks(
        np.random.default_rng(seed),
        concentration * share,
        values,
        available,
        unknown,
        samples,
        variants=bool(intervals),
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
                weights_iqr=int(spreads[1].iqr[i]) if intervals else None,
                unknowns_iqr=int(spreads[2].iqr[i]) if intervals else None,
            )
        )
    return Robustness(tuple(results), samples, seed, concentration, intervals, decisive)


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
    unknown: Sequence[tuple[int, list[int], Interval]],
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
        shifts = [
            (column, rows, rng.uniform(low, high, size=(size, len(rows))) - values[rows, column])
            for column, rows, (low, high) in unknown
        ]
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
    totals = _totals(scores, stand_in, weights)
    return _decisive(scores, stand_in, weights, applied, totals, order(totals))


def _decisive(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    applied: Mapping[Criterion, Interval],
    totals: Mapping[str, float | None],
    ranked: Sequence[str],
) -> tuple[DecisiveUnknown, ...]:
    if not applied or len(ranked) < 2 or any(totals[i] is None for i in ranked[:2]):
        return ()
    winner, runner = ranked[0], ranked[1]
    found = []
    for ident in sorted(scores):
        row = scores[ident]
        total = totals[ident]
        if total is None:
            continue
        for criterion in CRITERIA:
            interval = applied.get(criterion)
            base = stand_in[criterion]
            if row.get(criterion) is not None or interval is None or base is None:
                continue
            if weights[criterion] <= 0:
                continue
            low, high = interval
            if high <= low:
                continue
            norm = math.fsum(
                weights[c]
                for c in CRITERIA
                if weights[c] > 0 and _value(row, stand_in, c) is not None
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
            moved = _combined({**row, criterion: extreme}, weights, stand_in).total
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


# --------------------------------------------------------------------------------------------
# Pairs of programs: tipping points and "why"
# --------------------------------------------------------------------------------------------

#: Below this (in 0-1 score units of a weighted difference), two programs count as level: float
#: noise never creates or hides a flip. Totals are rounded to 1e-9 points = 1e-11 of these.
_LEVEL = 1e-12


class CriterionTip(NamedTuple):
    """How far one criterion's weight, or one program's score on it, is from flipping a pair."""

    criterion: Criterion
    #: Its applied weight now (weights normalised to sum 1).
    weight: float
    #: The weight at which the two totals are equal, the other weights rescaled proportionally
    #: to keep the sum 1; past it the trailer is ahead (when the two are tied now, it is the
    #: weight now). None: no weight in [0, 1] puts the trailer strictly ahead (or the weight is
    #: already 1 and the others have no proportions to rescale).
    flip_weight: float | None
    #: margin / weight: points of 0-1 score by which the leader's score on it would have to fall,
    #: or the trailer's rise, for the two to tie (None for an unweighted or unscored criterion).
    score_change: float | None
    #: Scores (None: unknown, the stand-in counts) and the score at which each alone ties the
    #: pair; past it the order flips. None where that score lies outside [0, 1].
    leader_score: float | None
    leader_flip: float | None
    trailer_score: float | None
    trailer_flip: float | None

    @property
    def weight_change(self) -> float | None:
        """Signed move of the weight needed (flip_weight - weight)."""
        return None if self.flip_weight is None else self.flip_weight - self.weight


class Tipping(NamedTuple):
    leader: str
    trailer: str
    #: Total points between them (None where a total is unknown: then every tip is None).
    margin: float | None
    tips: tuple[CriterionTip, ...]


def _pair(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float], a: str, b: str
) -> tuple[str, str, float | None]:
    """Leader, trailer (in ``ranking.order``'s order) and the margin in points."""
    if a == b:
        raise MlchooseError(f"a program is named twice: {a}", USAGE_ERROR)
    totals = {p: _combined(scores[p], weights, stand_in).total for p in (a, b)}
    leader, trailer = order(totals)
    first, second = totals[leader], totals[trailer]
    return leader, trailer, None if first is None or second is None else first - second


def _differences(
    leader: ScoreRow, trailer: ScoreRow, stand_in: ScoreRow
) -> dict[Criterion, float | None]:
    """Per criterion, leader's value - trailer's (None where neither has a value)."""
    found: dict[Criterion, float | None] = {}
    for criterion in CRITERIA:
        first = _value(leader, stand_in, criterion)
        second = _value(trailer, stand_in, criterion)
        if (first is None) != (second is None):
            raise ValueError(
                f"{criterion}: one program has a value and the other none; "
                "the stand-ins do not come from the same catalog as the scores"
            )
        found[criterion] = None if first is None or second is None else first - second
    return found


def tipping_points(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float], a: str, b: str
) -> Tipping:
    """Exact tipping points of a weighted sum, per criterion: weights and scores.

    Weights. Let w be the applied weights (sum 1), v the values a total uses (score, else
    stand-in) and d_i = v_leader,i - v_trailer,i (0 where neither has a value: such a criterion
    is in neither total). Both totals divide by the same n = sum of the weights in use, so

        margin = T_leader - T_trailer = 100 / n x sum_i w_i d_i.

    Set w_k to t and scale every other weight by (1 - t) / (1 - w_k), so the sum stays 1. With
    R_k = sum_{i != k} w_i d_i / (1 - w_k), the weighted mean difference on the other criteria,

        margin(t) = 100 / n(t) x [ t d_k + (1 - t) R_k ] = 100 / n(t) x [ R_k + t (d_k - R_k) ],

    and n(t) > 0, so the sign of the margin is that of a linear function of t, positive-or-zero
    at t = w_k, which is zero at

        t* = R_k / (R_k - d_k).

    The trailer gets strictly ahead for some t in [0, 1] iff that function is negative at an
    end: R_k < 0 (t = 0, all weight on the other criteria) or d_k < 0 (t = 1, all on k); then
    t* is inside and is returned. A criterion in neither total (d_k = 0 by definition, and it
    does not count in n either) can never flip the pair. This is computed, not searched.

    Scores. Lowering the leader's score on k by x lowers its total by 100 w_k x / n, so the two
    tie when x = sum_i w_i d_i / w_k = (margin / 100) / (w_k / n): the margin divided by the
    criterion's effective weight, in points of the 0-1 score. The same change raising the
    trailer's score ties them too. Other programs' stand-ins are held fixed.
    """
    _check_weights(weights)
    leader, trailer, margin = _pair(scores, stand_in, weights, a, b)
    weight_sum = math.fsum(weights[c] for c in CRITERIA)
    w = {c: weights[c] / weight_sum for c in CRITERIA}
    diffs = _differences(scores[leader], scores[trailer], stand_in)
    d = {c: 0.0 if v is None else v for c, v in diffs.items()}
    weighted = math.fsum(w[c] * d[c] for c in CRITERIA if diffs[c] is not None)
    tips = []
    for k in CRITERIA:
        flip_weight = None
        if margin is not None and diffs[k] is not None and w[k] < 1.0:
            rest = math.fsum(w[c] * d[c] for c in CRITERIA if c != k) / (1.0 - w[k])
            if min(rest, d[k]) < -_LEVEL:
                flip_weight = min(1.0, max(0.0, rest / (rest - d[k])))
        change = leader_flip = trailer_flip = None
        leader_score, trailer_score = scores[leader].get(k), scores[trailer].get(k)
        if margin is not None and diffs[k] is not None and w[k] > 0:
            change = max(0.0, weighted) / w[k]
            leader_value = _value(scores[leader], stand_in, k)
            trailer_value = _value(scores[trailer], stand_in, k)
            assert leader_value is not None and trailer_value is not None
            if leader_value - change >= -_LEVEL:
                leader_flip = max(0.0, leader_value - change)
            if trailer_value + change <= 1.0 + _LEVEL:
                trailer_flip = min(1.0, trailer_value + change)
        tips.append(
            CriterionTip(
                criterion=k,
                weight=w[k],
                flip_weight=flip_weight,
                score_change=change,
                leader_score=leader_score,
                leader_flip=leader_flip,
                trailer_score=trailer_score,
                trailer_flip=trailer_flip,
            )
        )
    return Tipping(leader, trailer, margin, tuple(tips))


class Reason(NamedTuple):
    criterion: Criterion
    #: The leader's points on this criterion minus the trailer's (> 0 favours the leader).
    points: float
    #: Scores (None: unknown, so the points come from the stand-in).
    leader_score: float | None
    trailer_score: float | None


class Why(NamedTuple):
    leader: str
    trailer: str
    margin: float | None
    #: The criteria that decide, largest |points| first, at most ``limit`` of them, none level.
    reasons: tuple[Reason, ...]
    #: What the other criteria add up to: margin = sum of the reasons' points + rest.
    rest: float


def why(
    scores: ScoreTable,
    stand_in: ScoreRow,
    weights: Mapping[Criterion, float],
    a: str,
    b: str,
    *,
    limit: int = 3,
) -> Why:
    """The two or three criteria that decide between two programs, as data.

    A weighted sum is additive, so its margin splits exactly into per-criterion contribution
    differences (points of ``combine``'s ``contributions``: 100 w_k v_k / n); the criteria with
    the largest absolute differences are the ones that decide (the "contribution difference"
    explanation of additive value models, e.g. Belton & Stewart, Multiple Criteria Decision
    Analysis, 2002, ch. 6). Ties in size go by criterion order; wording is left to the views.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    leader, trailer, margin = _pair(scores, stand_in, weights, a, b)
    first = _combined(scores[leader], weights, stand_in).contributions
    second = _combined(scores[trailer], weights, stand_in).contributions
    reasons = []
    for criterion in CRITERIA:
        points = (first[criterion] or 0.0) - (second[criterion] or 0.0)
        if round(points, _DIGITS) != 0:
            reasons.append(
                Reason(
                    criterion,
                    points,
                    scores[leader].get(criterion),
                    scores[trailer].get(criterion),
                )
            )
    reasons.sort(key=lambda r: (-round(abs(r.points), _DIGITS), CRITERIA.index(r.criterion)))
    shown = tuple(reasons[:limit])
    rest = (margin or 0.0) - math.fsum(r.points for r in shown)
    return Why(leader, trailer, margin, shown, 0.0 if round(rest, _DIGITS) == 0 else rest)


# --------------------------------------------------------------------------------------------
# Dominance
# --------------------------------------------------------------------------------------------


class Dominance(NamedTuple):
    #: Dominated id -> one program that dominates it: the best-ranked non-dominated such one.
    dominated: Mapping[str, str]
    #: The non-dominated programs (the Pareto set).
    pareto: frozenset[str]


def dominance(
    scores: ScoreTable, stand_in: ScoreRow, weights: Mapping[Criterion, float]
) -> Dominance:
    """Programs that no positive weights can put first: dominance on the weighted criteria.

    Q dominates P when Q is at least as good as P on every criterion with positive weight and
    strictly better on one (Pareto dominance). Then Q's total beats P's under any weights that
    keep those criteria positive, so P is never a rational first choice. Unknown scores count
    as their stand-ins, the values the totals use: "dominated" describes the programs as the
    ranking sees them, and a program whose unknown scores might turn out better is not spared.
    Criteria that no program has a value for are in no total and are skipped. Values are
    compared rounded to 9 digits, so float noise never makes one program "better".

    Method: the distinct value vectors are sorted in descending lexicographic order, where every
    dominator comes before what it dominates; a vector is dominated iff a non-dominated vector
    before it dominates it (dominance is transitive), so each is compared only with the Pareto
    set found so far (Kung, Luccio & Preparata, J. ACM 22(4), 1975, the simple form).
    """
    _check_weights(weights)
    used = [c for c in CRITERIA if weights[c] > 0 and stand_in[c] is not None]
    vectors: dict[tuple[float, ...], list[str]] = {}
    for ident, row in scores.items():
        values = []
        for criterion in used:
            value = _value(row, stand_in, criterion)
            assert value is not None
            values.append(round(value, _DIGITS))
        vectors.setdefault(tuple(values), []).append(ident)
    position = {
        ident: place for place, ident in enumerate(order(_totals(scores, stand_in, weights)))
    }
    best = {v: min(ids, key=position.__getitem__) for v, ids in vectors.items()}
    # The non-dominated vectors so far as (rank of their best program, vector), best first: the
    # first one that dominates a vector is its best-ranked dominator, so the scan stops there.
    front: list[tuple[int, tuple[float, ...]]] = []
    dominated: dict[str, str] = {}
    for vector in sorted(vectors, reverse=True):
        by = next((f for _, f in front if _dominates(f, vector)), None)
        if by is None:
            bisect.insort(front, (position[best[vector]], vector))
        else:
            for ident in vectors[vector]:
                dominated[ident] = best[by]
    pareto = frozenset(ident for _, vector in front for ident in vectors[vector])
    return Dominance(dominated, pareto)


def _dominates(first: tuple[float, ...], second: tuple[float, ...]) -> bool:
    return first != second and all(map(operator.ge, first, second))


# --------------------------------------------------------------------------------------------
# AHP: weights from pairwise judgements
# --------------------------------------------------------------------------------------------

#: Saaty's random consistency index RI by matrix size n: the mean consistency index of random
#: reciprocal matrices with entries from the 1-9 scale (T. L. Saaty, The Analytic Hierarchy
#: Process, McGraw-Hill, 1980; the values used in Saaty, EJOR 48, 1990).
RANDOM_INDEX: Final[Mapping[int, float]] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
#: Saaty's rule: judgements with a consistency ratio above 0.1 should be revisited.
CONSISTENCY_LIMIT: Final = 0.1
#: The Saaty scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme (even numbers in
#: between); a ratio below 1 is the reciprocal judgement.
SAATY_MIN, SAATY_MAX = 1.0 / 9.0, 9.0

AhpMethod = Literal["eigenvector", "geometric"]


class Ahp(NamedTuple, Generic[K]):
    #: Priorities, summing to 1.
    weights: dict[K, float]
    #: Principal eigenvalue of the judgement matrix (n for perfectly consistent judgements).
    lambda_max: float
    #: Consistency index CI = (lambda_max - n) / (n - 1) and ratio CR = CI / RI(n).
    ci: float
    cr: float
    method: AhpMethod

    @property
    def consistent(self) -> bool:
        """Saaty's rule of thumb: CR <= 0.1."""
        return self.cr <= CONSISTENCY_LIMIT


def judgement_matrix(
    items: Sequence[K], judgements: Iterable[tuple[K, K, float]]
) -> list[list[float]]:
    """The reciprocal matrix A: a_ij = r for a judgement (i, j, r), a_ji = 1/r, a_ii = 1.

    A judgement (i, j, r) reads "i matters r times as much as j", r on Saaty's 1-9 scale or its
    reciprocal. Every pair must be judged exactly once, in either direction.
    """
    if len(set(items)) != len(items) or not items:
        raise MlchooseError("AHP needs at least one item, each named once", USAGE_ERROR)
    index = {item: i for i, item in enumerate(items)}
    size = len(items)
    matrix = [[1.0 if i == j else 0.0 for j in range(size)] for i in range(size)]
    for first, second, ratio in judgements:
        if first not in index or second not in index:
            unknown = first if first not in index else second
            raise MlchooseError(f"judgement about an unknown item: {unknown}", USAGE_ERROR)
        if first == second:
            raise MlchooseError(f"{first} is compared with itself", USAGE_ERROR)
        if not (math.isfinite(ratio) and SAATY_MIN - 1e-12 <= ratio <= SAATY_MAX + 1e-12):
            raise MlchooseError(
                f"{first} vs {second}: {ratio} is not on the 1-9 scale (or its reciprocal)",
                USAGE_ERROR,
            )
        i, j = index[first], index[second]
        if matrix[i][j]:
            raise MlchooseError(f"{first} vs {second} is judged twice", USAGE_ERROR)
        matrix[i][j], matrix[j][i] = ratio, 1.0 / ratio
    missing = [
        f"{items[i]} vs {items[j]}"
        for i in range(size)
        for j in range(i + 1, size)
        if not matrix[i][j]
    ]
    if missing:
        raise MlchooseError(f"missing judgements: {', '.join(missing)}", USAGE_ERROR)
    return matrix


def ahp(
    items: Sequence[K],
    judgements: Iterable[tuple[K, K, float]],
    *,
    method: AhpMethod = "eigenvector",
) -> Ahp[K]:
    """Weights from pairwise judgements by the Analytic Hierarchy Process, with Saaty's CR.

    ``eigenvector`` (Saaty 1980): the weights are the principal right eigenvector of the
    reciprocal judgement matrix A, normalised to sum 1. A is positive, so by Perron-Frobenius
    its principal eigenvalue is simple and dominant and power iteration (w <- A w / sum(A w))
    converges to it; it starts from the geometric-mean weights and stops when no weight moves
    by more than 1e-13. ``geometric``: the normalised geometric means of A's rows, the
    logarithmic least-squares solution (Crawford & Williams, J. Math. Psych. 29, 1985); equal
    to the eigenvector when the judgements are consistent.

    Consistency (both methods, from the matrix): lambda_max is A's principal eigenvalue (sum of
    A w for the eigenvector w normalised to sum 1), CI = (lambda_max - n) / (n - 1), and
    CR = CI / RI(n) with Saaty's random index; CR > 0.1 means the answers contradict each other
    enough to revisit them. For n <= 2 every set of judgements is consistent: CR = 0.
    """
    matrix = judgement_matrix(items, judgements)
    size = len(matrix)
    if size not in RANDOM_INDEX:
        raise MlchooseError(f"AHP here supports at most {max(RANDOM_INDEX)} items", USAGE_ERROR)
    means = [math.exp(math.fsum(math.log(a) for a in row) / size) for row in matrix]
    total = math.fsum(means)
    geometric = [m / total for m in means]
    vector = geometric
    for _ in range(10_000):
        product = [math.fsum(a * w for a, w in zip(row, vector, strict=True)) for row in matrix]
        scale = math.fsum(product)
        following = [p / scale for p in product]
        done = max(abs(x - y) for x, y in zip(following, vector, strict=True)) < 1e-13
        vector = following
        if done:
            break
    lambda_max = math.fsum(
        math.fsum(a * w for a, w in zip(row, vector, strict=True)) for row in matrix
    )
    ci = max(0.0, (lambda_max - size) / (size - 1)) if size > 2 else 0.0
    cr = ci / RANDOM_INDEX[size] if size > 2 else 0.0
    chosen = vector if method == "eigenvector" else geometric
    return Ahp(dict(zip(items, chosen, strict=True)), lambda_max, ci, cr, method)


class Assessment(NamedTuple):
    """What ``rank`` adds to a ranking: who is dominated, and (if asked) how sure the order is."""

    dominance: Dominance
    robustness: Robustness | None


def assess(
    ranking: Ranking,
    *,
    robust: bool = False,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    concentration: float = DEFAULT_CONCENTRATION,
    unknowns: bool = False,
) -> Assessment:
    """Dominance among every ranked program and, with ``robust``, SMAA rank acceptability
    (with ``unknowns``, unknown scores are sampled too, within :func:`unknown_intervals`)."""
    scores = score_table(ranking.everything)
    stand_in = dict(ranking.stand_ins)
    found = dominance(scores, stand_in, ranking.weights) if scores else Dominance({}, frozenset())
    spread = None
    if robust and scores:
        intervals = unknown_intervals(scores, stand_in) if unknowns else None
        spread = robustness(
            scores,
            stand_in,
            ranking.weights,
            samples=samples,
            seed=seed,
            concentration=concentration,
            unknowns=intervals,
        )
    return Assessment(found, spread)


def pareto_only(ranking: Ranking, found: Dominance) -> Ranking:
    """The ranking without dominated programs (their ranks stay those of the full list)."""
    kept = tuple(r for r in ranking.results if r.program["id"] not in found.dominated)
    note = f"--pareto: {len(ranking.results) - len(kept)} dominated programs left out"
    return ranking._replace(results=kept, notes=(*ranking.notes, note))


def pair(
    comparison: Comparison,
) -> tuple[Tipping, Why]:
    """Tipping points and the deciding criteria between a comparison's first two programs."""
    results = comparison.results
    scores = score_table(results)
    stand_in = dict(results[0].stand_ins)
    a, b = results[0].program["id"], results[1].program["id"]
    return (
        tipping_points(scores, stand_in, comparison.weights, a, b),
        why(scores, stand_in, comparison.weights, a, b),
    )
