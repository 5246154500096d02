"""How ``src/mlchoose/data/beta_quantiles.u16`` is computed, and how to write it again.

The file holds, for the places m = 0.01, 0.02, ..., 0.50 of a point in its range, the quantiles
of Beta(c m, c (1 - m)) (c = :data:`mlchoose.core.sampling.DRAW_CONCENTRATION`) at
(j + 1/2) / QUANTILES, as little-endian uint16 (value x 65535, rounded); places above 0.50 follow
by symmetry. ``rank --robust`` draws an uncertain score as one of these equally likely
quantiles, chosen by a random integer: a discretised Beta distribution at the cost of an index,
where NumPy's Beta sampler took 41 ms, about a third of the time ``--robust`` adds to ``rank``
(issue 20). Write it again only after
changing the concentration or the table's shape:

    python tests/core/beta_quantiles.py
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

import mlchoose.core.sampling as sampling

FILE = Path(sampling.__file__).resolve().parent.parent / "data" / sampling.QUANTILE_FILE


def quantile_table(places: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per place m, the quantiles of Beta(c m, c (1 - m)) at (j + 1/2) / QUANTILES.

    The regularised incomplete beta function I_x(a, b) is summed from its power series,
    x^a / (a B(a, b)) x sum_k (1 - b)_k x^k / (k! (a + k) / a), for x <= 1/2 (60 terms: error
    below 2^-60) and as 1 - I_(1-x)(b, a) above; the quantiles come from it by interpolation on
    a grid dense near 0 and 1, where the density of a small a or b is steep.
    """
    tail = np.geomspace(1e-15, 0.5, 4000)
    xs = np.unique(np.concatenate([tail, 1 - tail, np.linspace(0, 1, 20001)]))
    a = (places * sampling.DRAW_CONCENTRATION)[:, None]
    b = ((1 - places) * sampling.DRAW_CONCENTRATION)[:, None]
    lower = xs <= 0.5
    cdf = np.empty((len(places), len(xs)))
    cdf[:, lower] = _incomplete_beta(xs[lower], a, b)
    cdf[:, ~lower] = 1 - _incomplete_beta(1 - xs[~lower], b, a)
    targets = (np.arange(sampling.QUANTILES) + 0.5) / sampling.QUANTILES
    table = np.empty((len(places), sampling.QUANTILES))
    for row in range(len(places)):
        table[row] = np.interp(targets, np.maximum.accumulate(cdf[row]), xs)
    return table


def _incomplete_beta(
    x: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64]
) -> NDArray[np.float64]:
    term = np.ones((a.shape[0], x.shape[0]))
    total = term / a
    for k in range(60):
        term = term * x * (k + 1 - b) / (k + 1)
        total += term / (a + k + 1)
    log_beta = np.array(
        [
            [math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)]
            for p, q in zip(a[:, 0], b[:, 0], strict=True)
        ]
    )
    with np.errstate(divide="ignore"):
        found: NDArray[np.float64] = np.exp(a * np.log(x) - log_beta) * total
    return np.clip(found, 0.0, 1.0)


def encoded() -> bytes:
    """The file's bytes: the stored places' rows, as uint16."""
    steps = sampling.PLACE_STEPS
    places = np.arange(1, steps // 2 + 1) / steps
    scaled = np.rint(quantile_table(places) * 65535).astype("<u2")
    return scaled.tobytes()


if __name__ == "__main__":
    FILE.write_bytes(encoded())
    print(f"wrote {FILE.stat().st_size:,} bytes to {FILE}")
