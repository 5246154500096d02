"""Weights from pairwise judgements: the Analytic Hierarchy Process, with Saaty's consistency ratio.

Used by ``mlchoose interview``; kept apart so that no other command loads it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Generic, Literal, NamedTuple, TypeVar

from mlchoose.errors import USAGE_ERROR, MlchooseError

K = TypeVar("K", bound=str)

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
