"""Tables that fit the width they are printed at, and the cells, marks and legends they share."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlchoose.views import facts
from mlchoose.views.quicktable import QuickTable
from mlchoose.vocab import Criterion

if TYPE_CHECKING:
    from mlchoose.core.criteria import CriterionScore

UNKNOWN_STYLE = "dim"
BEST_STYLE = "bold green"


def weights_line(weights: Mapping[Criterion, float]) -> Text:
    parts = ", ".join(f"{c} {facts.percent(w)}" for c, w in weights.items())
    return Text(f"Weights applied: {parts}", style="italic")


def note_lines(notes: Iterable[str]) -> list[Text]:
    return [Text(f"Note: {note}", style="yellow") for note in notes]


def score_cell(item: CriterionScore) -> Text:
    return Text(facts.score_of(item), style=UNKNOWN_STYLE if item.score is None else "")


#: Table style that fits a ranking of 20-character ids in 80 columns: one space between cells.

#: Terminal width from which the total's range is shown beside it (it needs about 8 columns).
RANGES = 120

COMPACT: dict[str, Any] = {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": (0, 1, 0, 0)}
#: Narrowest useful bar in the ranking table (a narrower one says little; the column goes first).
RANK_BAR = 16
#: A wrapping column at most this many cells short of its widest line gets them before the
#: others share the room (so a short list such as "on-campus, online" is not wrapped).
SHORT_GAP = 10
#: Narrowest useful column of explanations ("Why"); below it the text moves under the table.
PROSE = 24


# --- tables that fit ---------------------------------------------------------------------------
#
# Every table here is laid out for the width it is printed at. Figures, ids, regions and headers
# never wrap or get cut: a column that holds them is as wide as its widest cell. Columns of
# prose may wrap, but only between words, so never narrower than their longest word. When the
# columns do not fit, whole columns are dropped in each table's documented order (its ``DROP``
# constant), and the table's legend explains only the columns that remain.


class Col(NamedTuple):
    """One column of a table to fit: ``key`` names it in a drop order (columns can share one,
    to go together); ``wrap`` lets its cells break between words; ``least`` overrides the
    narrowest width it can take."""

    key: str
    header: str
    cells: Sequence[RenderableType]
    justify: JustifyMethod = "left"
    wrap: bool = False
    style: str = ""
    least: int | None = None


@functools.cache
def _measuring() -> Console:
    return Console(width=1000, file=io.StringIO(), color_system=None, legacy_windows=False)


def _extent(cell: RenderableType, wrap: bool) -> tuple[int, int]:
    """The narrowest and widest a cell can be without cutting a word (or any of it, unwrapped)."""
    if isinstance(cell, str | Text):
        plain = cell.plain if isinstance(cell, Text) else cell
        lines = plain.split("\n")
        widest = max(cell_len(line) for line in lines)
        words = [cell_len(word) for line in lines for word in line.split()]
        return (max(words, default=0) if wrap else widest), widest
    console = _measuring()
    found = Measurement.get(console, console.options, cell)
    return (found.minimum if wrap else found.maximum), found.maximum


def _extents(col: Col) -> tuple[int, int]:
    least, most = cell_len(col.header), cell_len(col.header)
    for cell in col.cells:
        low, high = _extent(cell, col.wrap)
        least, most = max(least, low), max(most, high)
    if col.least is not None:
        least = col.least
    return least, max(least, most)


def column_widths(
    cols: Sequence[Col],
    width: int,
    style: Mapping[str, Any],
    known: dict[int, tuple[int, int]] | None = None,
) -> list[int] | None:
    """Content widths that fit ``width`` (spare room to the wrapping columns), or None.

    ``known``: the columns' extents measured so far, by ``id``; each trial of :func:`fit`
    measures a column once (measuring every cell is most of the cost of laying a table out)."""
    _, right, _, left = Padding.unpack(style.get("padding", (0, 1)))
    pad_edge = style.get("pad_edge", True)
    pads = [
        (left if pad_edge or i else 0) + (right if pad_edge or i < len(cols) - 1 else 0)
        for i in range(len(cols))
    ]
    framed = style.get("box", box.HEAVY_HEAD) is not None
    extra = (2 if framed and style.get("show_edge", True) else 0) + (len(cols) - 1 if framed else 0)
    known = {} if known is None else known
    extents = [known.get(id(col)) or known.setdefault(id(col), _extents(col)) for col in cols]
    widths = [least for least, _ in extents]
    spare = width - sum(widths) - sum(pads) - extra
    if spare < 0:
        return None
    # A column a few cells short of its widest line gets them first (a delivery mode unwraps
    # whole); the other wrapping columns then share what is left evenly (a program's name and
    # its university wrap alike).
    gaps = {i: most - widths[i] for i, (_, most) in enumerate(extents) if most > widths[i]}
    for index in sorted(gaps, key=gaps.__getitem__):
        if gaps[index] <= SHORT_GAP and gaps[index] <= spare:
            widths[index] += gaps.pop(index)
            spare = width - sum(widths) - sum(pads) - extra
    while spare > 0 and gaps:
        share = max(1, spare // len(gaps))
        for index in sorted(gaps, key=gaps.__getitem__):
            give = min(gaps[index], share, spare)
            widths[index] += give
            gaps[index] -= give
            spare -= give
        gaps = {i: gap for i, gap in gaps.items() if gap > 0}
    return widths


def fit(
    cols: Sequence[Col], drop: Sequence[str], width: int, **style: Any
) -> tuple[Table, list[str]]:
    """A table of the columns that fit ``width``, dropping whole columns in the order ``drop``
    names them (keys not among the columns are skipped), and the keys it dropped."""
    kept, dropped = list(cols), []
    known: dict[int, tuple[int, int]] = {}
    widths = column_widths(kept, width, style, known)
    for key in drop:
        if widths is not None:
            break
        if any(col.key == key for col in kept):
            kept = [col for col in kept if col.key != key]
            dropped.append(key)
            widths = column_widths(kept, width, style, known)
    if widths is not None:
        # Dropped columns come back when they fit, the last dropped (the most wanted) first:
        # a narrower column dropped before it must not take its place.
        for key in reversed(dropped):
            trial = [col for col in cols if col.key not in dropped or col.key == key]
            found = column_widths(trial, width, style, known)
            if found is not None:
                kept, widths = trial, found
                dropped.remove(key)
    if widths is None:
        kept, widths = _squeezed(kept, width, style, known)
    table = QuickTable(**style)
    for index, col in enumerate(kept):
        table.add_column(
            col.header,
            justify=col.justify,
            style=col.style,
            no_wrap=not col.wrap,
            # A cell that cannot fit even so (a 60-character id at 40 columns) is cut with an
            # ellipsis, so that a cut id never reads as another, shorter one.
            overflow="fold" if col.wrap else "ellipsis",
            width=None if widths is None else widths[index],
        )
    rows = max((len(col.cells) for col in kept), default=0)
    for row in range(rows):
        table.add_row(*(col.cells[row] if row < len(col.cells) else "" for col in kept))
    return table, dropped


def _squeezed(
    cols: Sequence[Col], width: int, style: Mapping[str, Any], known: dict[int, tuple[int, int]]
) -> tuple[list[Col], list[int] | None]:
    """When no drop makes the table fit: the widest column that does not wrap (an id, not a
    figure) gives up the cells that are missing, down to 4, and is cut with an ellipsis."""
    plain = [i for i, col in enumerate(cols) if not col.wrap]
    if not plain:
        return list(cols), None
    extents = [known.get(id(col)) or known.setdefault(id(col), _extents(col)) for col in cols]
    widest = max(plain, key=lambda i: extents[i][0])
    for least in range(extents[widest][0] - 1, 3, -1):
        trial = list(cols)
        trial[widest] = cols[widest]._replace(least=least)
        measured = {id(col): extents[i] for i, col in enumerate(cols)}
        measured[id(trial[widest])] = (least, least)
        found = column_widths(trial, width, style, measured)
        if found is not None:
            found[widest] = least
            return trial, found
    return list(cols), None


class Fitted:
    """A Rich renderable built for the width it is printed at (a terminal, a panel, a test)."""

    def __init__(self, build: Callable[[int], RenderableType], width: int | None = None) -> None:
        self.build = build
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width if self.width is None else min(self.width, options.max_width)
        yield self.build(width)


def dim(text: str) -> Text:
    return Text(text, style="dim")
