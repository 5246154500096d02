"""The sampling engine of rank acceptability: draws, the order of every sample, bounded counts.

Split from :mod:`mlchoose.core.robustness` (issue 20). Memory is bounded whatever the catalog's
size: samples are processed in chunks, and each variant keeps one table of rank counts per
program of at most :data:`COUNTERS` counters. Up to ``COUNTERS`` = n x n (n programs, so up to
2,000 programs) every rank is counted one by one and every figure is exact. Beyond, ranks 1 to
:data:`EXACT_RANKS` are still counted one by one (first-place share, the start of the rank
acceptability, and every percentile that falls among them are exact) and later ranks in bins
of equal width; a percentile in a bin is interpolated inside it, off by less than the width
(20 ranks of 10,000 programs: see :func:`layout`).

NumPy is imported only inside the functions.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: Rank counters per variant (int64: 48 MB). Catalogs with n x n up to this count exactly.
COUNTERS: Final = 6_000_000
#: Beyond that, the ranks counted one by one; later ranks go in bins.
EXACT_RANKS: Final = 100
#: Catalogs larger than this group their rows by which scores are drawn and sample in bigger
#: chunks (see :data:`BIG_CHUNK`).
BIG_CATALOG: Final = 2_000
#: How tightly a drawn score stays around its point: Beta(m c, (1 - m) c) on the range, with m
#: the point's place in it. 2 with the point in the middle is the uniform distribution; 4 keeps
#: draws nearer the point while every value of the range stays possible.
DRAW_CONCENTRATION: Final = 4.0
#: The shipped quantile table (package ``mlchoose.data``): QUANTILES quantiles per place m =
#: 1 / PLACE_STEPS, 2 / PLACE_STEPS, ..., 1/2 (the rest by symmetry). How it is computed:
#: tests/core/beta_quantiles.py.
QUANTILE_FILE: Final = "beta_quantiles.u16"
QUANTILES: Final = 2048
PLACE_STEPS: Final = 100
#: Steps of a point's place in its range: scores whose places round alike share a row of draws.
PLACES: Final = 1000
#: The rank spread with only the weights or only the scores drawn (two more variants) is
#: counted over the first SPLIT_SAMPLES samples only: an interquartile range of ranks needs no
#: more, and the two variants then cost a fifth of the main one at the default 10,000 samples.
SPLIT_SAMPLES: Final = 2_000
#: A column's drawn scores in one run of rows (a small catalog's whole column), or in at most
#: MAX_RUNS runs of RUN_ROWS rows each on average or more (a big catalog's grouped rows), are
#: added run by run; else through an index.
MAX_RUNS: Final = 16
RUN_ROWS: Final = 32
#: Elements per chunk of samples (samples x programs): the chunk's arrays stay in cache. Part of
#: the seed's stream in catalogs up to BIG_CATALOG programs; larger ones use bigger chunks.
CHUNK: Final = 20_000
BIG_CHUNK: Final = 1 << 20


class Layout(NamedTuple):
    """How ranks map to counter columns: ranks 1..exact one each, then bins of ``width``."""

    programs: int
    exact: int
    width: int

    @property
    def columns(self) -> int:
        return self.exact + -(-(self.programs - self.exact) // self.width)


def layout(programs: int, counters: int | None = None, exact: int | None = None) -> Layout:
    """Exact when n x n counters fit (default :data:`COUNTERS`); else ``exact`` single ranks
    (default :data:`EXACT_RANKS`) and the rest in as few bins of equal width as fit (10,000
    programs: 100 ranks, then 495 bins of 20 ranks)."""
    counters = COUNTERS if counters is None else counters
    exact = EXACT_RANKS if exact is None else exact
    if programs * programs <= counters or programs <= exact:
        return Layout(programs, programs, 1)
    columns = max(exact + 1, counters // programs)
    width = -(-(programs - exact) // (columns - exact))
    return Layout(programs, exact, width)


class Plan(NamedTuple):
    """How one criterion column's uncertain scores are drawn."""

    column: int
    rows: NDArray[np.intp]
    low: NDArray[np.float64]
    width: NDArray[np.float64]
    base: NDArray[np.float64]
    #: The Beta draws: the rows of quantiles (flat) and each score's row offset in them.
    table: NDArray[np.float64]
    offset: NDArray[np.int64]

    @property
    def runs(self) -> list[tuple[int, int, int]] | None:
        """The rows as runs (start, stop, index of the first in ``rows``) when they are few."""
        rows = self.rows.tolist()
        found: list[tuple[int, int, int]] = []
        for index, row in enumerate(rows):
            if found and found[-1][1] == row:
                start, _, first = found[-1]
                found[-1] = (start, row + 1, first)
            else:
                found.append((row, row + 1, index))
        few = len(found) <= MAX_RUNS and len(rows) >= RUN_ROWS * len(found)
        return found if few or len(found) == 1 else None

    def draw(self, rng: np.random.Generator, size: int) -> NDArray[np.float64]:
        """Each drawn score minus the value the total uses (its shift), for ``size`` samples."""
        shape = (size, len(self.rows))
        index = rng.integers(0, QUANTILES, size=shape)
        index += self.offset
        unit = self.table.take(index)
        unit *= self.width
        unit += self.low - self.base
        return unit


def plan(
    column: int,
    items: Sequence[tuple[int, tuple[float, float]]],
    values: NDArray[np.float64],
) -> Plan:
    """The draws of one column's ``items`` (row, range); ``values`` holds the points."""
    import numpy as np

    rows = np.array([i for i, _ in items], dtype=np.intp)
    low = np.array([r[0] for _, r in items])
    width = np.array([r[1] - r[0] for _, r in items])
    base = values[rows, column]
    # A fixed score (width 0, a small catalog's dense column) draws itself: any place will do.
    place = np.clip((base - low) / np.where(width > 0, width, 1.0), 0.01, 0.99)
    steps = np.rint(place * PLACES).astype(np.int64)
    used, which = np.unique(steps, return_inverse=True)
    table = beta_rows(used / PLACES)
    return Plan(column, rows, low, width, base, table.ravel(), which * QUANTILES)


def beta_rows(places: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per place m in [0.01, 0.99], QUANTILES equally likely values in [0, 1] averaging m.

    The quantiles of Beta(c m, c (1 - m)) at the two tabulated places around m, averaged with
    the weights of linear interpolation: an average of quantile functions is a quantile
    function, and its mean the same average of the means, m itself (up to the table's
    rounding). Between stored places the mix is close to Beta(c m, c (1 - m)), not exactly it
    (quantiles within 0.01). A draw is then one of them, chosen by a random integer: a
    discretised distribution at the cost of an index. Places outside [0.01, 0.99] count as
    those ends.
    """
    import numpy as np

    at = np.clip(places, 1 / PLACE_STEPS, 1 - 1 / PLACE_STEPS) * PLACE_STEPS
    below = np.clip(np.floor(at).astype(np.intp), 1, PLACE_STEPS - 2)
    part = (at - below)[:, None]
    found: NDArray[np.float64] = _quantiles(below) * (1 - part) + _quantiles(below + 1) * part
    return found


def _quantiles(steps: NDArray[np.intp]) -> NDArray[np.float64]:
    """The shipped quantiles of the places ``steps / PLACE_STEPS`` (steps 1 .. PLACE_STEPS - 1).

    Beta(b, a) is 1 - Beta(a, b): the place 1 - m has the quantiles of m reversed, so only
    the places up to 1/2 are stored."""
    import numpy as np

    half = _stored()
    lower = steps <= len(half)
    found = np.empty((len(steps), QUANTILES))
    found[lower] = half[steps[lower] - 1]
    found[~lower] = 65535 - half[PLACE_STEPS - steps[~lower] - 1, ::-1]
    found /= 65535.0
    return found


@functools.cache
def _stored() -> NDArray[np.uint16]:
    import numpy as np

    # Beside the package's modules, as the built-in catalog (importlib.resources costs 8 ms).
    data = (Path(__file__).parent.parent / "data" / QUANTILE_FILE).read_bytes()
    return np.frombuffer(data, dtype="<u2").reshape(-1, QUANTILES)


class Spread(NamedTuple):
    """Per program (in id order): rank counts of the first ranks and the rank percentiles."""

    counts: NDArray[np.int64]
    median: NDArray[np.intp]
    low: NDArray[np.intp]
    high: NDArray[np.intp]
    iqr: NDArray[np.intp]


class Counter:
    """Rank counts of one variant, accumulated chunk by chunk in at most COUNTERS counters."""

    def __init__(self, shape: Layout, mask: int) -> None:
        import numpy as np

        self.shape = shape
        count = shape.programs
        ranks = np.arange(count - 1, -1, -1)  # sorted ascending: position p is rank n - 1 - p
        column = np.where(
            ranks < shape.exact, ranks, shape.exact + (ranks - shape.exact) // shape.width
        )
        # code = mask - id sits in a sorted key's low bits: counter = column x n + id.
        self.base = column.astype(np.int64) * count + mask
        self.tally = np.zeros(shape.columns * count, dtype=np.int64)

    def add(self, codes: NDArray[np.int64]) -> None:
        """Count one chunk: ``codes``, each sample's key codes sorted ascending; consumed."""
        import numpy as np

        np.subtract(self.base, codes, out=codes)
        flat = codes.ravel()
        if self.tally.size <= 4 * flat.size:
            self.tally += np.bincount(flat, minlength=self.tally.size)
        else:
            np.add.at(self.tally, flat, 1)

    def spread(self, samples: int, percentiles: Sequence[int]) -> Spread:
        """Rank percentiles by the inverted CDF: the smallest rank reached by >= q % of samples;
        inside a bin of several ranks, the same fraction of the bin's width."""
        import numpy as np

        shape = self.shape
        # One int32 copy, program by program, turned into cumulative counts in place; the
        # counters are freed first (a big catalog's are tens of MB).
        cumulative = np.ascontiguousarray(
            self.tally.reshape(shape.columns, shape.programs).T, dtype=np.int32
        )
        self.tally = np.zeros(0, dtype=np.int64)
        first = cumulative[:, : shape.exact].astype(np.int64)
        np.cumsum(cumulative, axis=1, out=cumulative)
        found = []
        for q in percentiles:
            need = q * samples  # in hundredths of a sample
            column = np.argmax(cumulative >= -(-need // 100), axis=1)
            rank = column + 1
            if shape.width > 1:
                binned = column >= shape.exact
                start = shape.exact + (column - shape.exact) * shape.width
                size = np.minimum(shape.width, shape.programs - start)
                at = np.take_along_axis(cumulative, column[:, None], 1)[:, 0].astype(np.int64)
                before = np.take_along_axis(cumulative, np.maximum(column - 1, 0)[:, None], 1)
                before = np.where(column > 0, before[:, 0], 0).astype(np.int64)
                missing = need - 100 * before
                step = -(-(missing * size) // np.maximum(100 * (at - before), 1))
                rank = np.where(binned, start + np.clip(step, 1, size), rank)
            found.append(rank)
        low, q1, median, q3, high = found
        return Spread(first, median, low, high, q3 - q1)


def sorted_codes(
    numerator: NDArray[np.float64],
    denominator: NDArray[np.float64],
    shift: int,
    flipped: NDArray[np.int64],
    *,
    complete: bool,
) -> NDArray[np.int64]:
    """Per sample, the programs from last to first as codes (mask - id index); consumes
    ``numerator``.

    Key = round(total, 9) x 1e9 (an integer up to 1e11), shifted left, with (mask - id index)
    in the low bits: ascending order of keys is ascending (total, then descending id), so each
    row sorted ascending lists the programs from last to first exactly as ``ranking.order``
    does, in one in-place integer sort. A program without a total gets a negative key: last.
    """
    import numpy as np

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
    return keys


def split_samples(samples: int) -> int:
    """The samples over which the variants with only weights or only scores drawn are counted."""
    return min(samples, SPLIT_SAMPLES)


def count_ranks(
    rng: np.random.Generator,
    alpha: NDArray[np.float64],
    values: NDArray[np.float64],
    available: NDArray[np.float64],
    unknown: Sequence[Plan],
    samples: int,
    *,
    variants: bool,
    shape: Layout,
    by_id: NDArray[np.intp] | None = None,
) -> list[Counter]:
    """Per variant, the rank counts of every program (in id order) over the samples.

    Variant 0 samples the weights and the uncertain scores; with ``variants``, variant 1 only
    the weights (scores at their points, which ``values`` holds) and variant 2 only the scores
    (the mean weights ``alpha / alpha.sum()``, i.e. the user's), both over the first
    :func:`split_samples` samples. A score drawn as u instead of
    its point s adds w_k (u - s) to the numerator of its program's total.

    ``by_id``: each row's place in id order, when the rows are not in id order; the counts
    are in id order either way.
    """
    import numpy as np

    count, criteria = values.shape
    shift = max(1, (count - 1).bit_length())
    mask = (1 << shift) - 1
    flipped = mask - (np.arange(count, dtype=np.int64) if by_id is None else by_id)
    counters = [Counter(shape, mask) for _ in range(3 if variants else 1)]
    split = split_samples(samples)
    planned = [(p, p.runs) for p in unknown]
    fixed_products: dict[int, NDArray[np.float64]] = {}
    known = (values * available).T
    # Usually every program has a value (score or stand-in) on every weighted criterion: then
    # each total divides by the sum of that sample's weights, one number per sample.
    complete = bool(available.all())
    fixed_weights = alpha / alpha.sum()
    # The chunk is part of the seed's stream: kept as it was up to BIG_CATALOG programs.
    chunk = max(16, (CHUNK if count <= BIG_CATALOG else BIG_CHUNK) // count)
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        sampled = rng.dirichlet(alpha, size=size) if criteria > 1 else np.ones((size, 1))
        shifts = [(p.column, runs, p.rows, p.draw(rng, size)) for p, runs in planned]
        plain = sampled @ known
        setups = [(sampled, shifts, plain)]
        if variants and start < split:
            # The same products as before, computed once: variant 1's is variant 0's before
            # its shifts, variant 2's the same for every chunk of a size.
            part = min(size, split - start)
            fixed = np.broadcast_to(fixed_weights, (part, criteria))
            if part not in fixed_products:
                fixed_products[part] = fixed @ known
            few = [(column, runs, rows, delta[:part]) for column, runs, rows, delta in shifts]
            setups += [
                (sampled[:part], [], plain[:part].copy()),
                (fixed, few, fixed_products[part].copy()),
            ]
        for counter, (weights, moves, numerator) in zip(counters, setups, strict=False):
            for column, runs, rows, delta in moves:
                if runs is not None:
                    for start_row, stop_row, first in runs:
                        numerator[:, start_row:stop_row] += (
                            weights[:, column, None]
                            * delta[:, first : first + stop_row - start_row]
                        )
                    continue
                # numerator[:, rows] += ..., in the same arithmetic, without its slow path
                part = numerator.take(rows, axis=1)
                part += weights[:, column, None] * delta
                numerator[:, rows] = part
            denominator = weights.sum(axis=1, keepdims=True) if complete else weights @ available.T
            counter.add(sorted_codes(numerator, denominator, shift, flipped, complete=complete))
    return counters
