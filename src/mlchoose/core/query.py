"""The Query record: everything a ranking is asked for, built once by the command line.

One value instead of many keyword arguments, so a new question (a filter, a shortlist) is a new
field here and in the CLI's one builder, not a new parameter threaded through every call. It
holds only what the core reads; how results are shown (``--pareto``, ``--format``, ``--facts``)
stays in the command line, and ``--robust``'s sampling is its own record, :class:`Robust`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mlchoose.vocab import ROBUST_CONCENTRATION, ROBUST_SAMPLES, ROBUST_SEED

if TYPE_CHECKING:
    from mlchoose.core.filters import Filter
    from mlchoose.user.preferences import Preferences, Weights


class Robust(NamedTuple):
    """How to sample for rank acceptability (SMAA)."""

    samples: int = ROBUST_SAMPLES
    seed: int = ROBUST_SEED
    concentration: float = ROBUST_CONCENTRATION
    #: Draw every uncertain score inside its range too (False: the weights only).
    data: bool = True


class Query(NamedTuple):
    weights: Weights
    prefs: Preferences
    filters: tuple[Filter, ...] = ()
    #: Keep programs whose filtered fact is unknown.
    keep_unknown: bool = False
    #: Show only the best N (None: all).
    top: int | None = None
    #: Rank only these program ids (None: the whole catalog).
    only: tuple[str, ...] | None = None
    #: False: scores only, without rule texts and evidence (a big ``rank`` needs none).
    explain: bool = True
