"""Bars for the terminal: how many points each criterion adds to a program's total.

A bar is drawn from :attr:`ProgramResult.contributions` (points the core computed); nothing here
computes a score. With colour each criterion has its own colour, and points that come from the
catalog-average stand-in for an unknown score are drawn in a lighter shade. Without colour
(``NO_COLOR``, a pipe, an ASCII-only terminal) each criterion has its own letter instead, upper
case for the program's own evidence and lower case for a stand-in, so the bar still reads.

The colours are shared with the HTML and SVG report (:data:`COLOURS`); a terminal of 8 or 16
colours gets five of its own palette instead (:data:`STANDARD_COLOURS`), since Rich would turn
two of the shared hues into the same cyan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from mlchoose.views import facts
from mlchoose.views.labels import COLOURS as COLOURS
from mlchoose.views.labels import LETTERS as LETTERS
from mlchoose.views.labels import STANDARD_COLOURS as STANDARD_COLOURS
from mlchoose.views.segments import Segment as Segment
from mlchoose.views.segments import segments as segments
from mlchoose.views.segments import weighted as weighted
from mlchoose.vocab import Criterion, criteria_of

if TYPE_CHECKING:
    from mlchoose.core.ranking import Comparison, ProgramResult

#: Glyphs for points on the program's own evidence, and on a catalog-average stand-in.
SOLID, SHADED = "\u2588", "\u2592"
#: Narrowest and widest bar in cells; within these a bar takes the width it is given.
MIN_WIDTH, MAX_WIDTH = 8, 40


def cells(parts: Sequence[Segment], scale: float, width: int) -> list[int]:
    """Cells per segment when ``scale`` points fill ``width`` cells.

    Segment edges are rounded from the running sum, so a bar is as long as its rounded total and
    no segment is more than one cell off its exact length.
    """
    if scale <= 0 or width <= 0:
        return [0] * len(parts)
    counts, running, edge = [], 0.0, 0
    for part in parts:
        running += part.points
        end = min(width, round(running / scale * width))
        counts.append(max(0, end - edge))
        edge = max(edge, end)
    return counts


def plain(console: Console, options: ConsoleOptions) -> bool:
    """Whether to draw letters rather than coloured blocks."""
    return console.no_color or console.color_system is None or options.ascii_only


def colours(console: Console) -> Mapping[Criterion, str]:
    """The criteria's colours for this console: the shared hues where it has 256 colours or
    more; in an 8- or 16-colour terminal five colours of its own palette, which the shared hues
    would not give (two of them fall to the same cyan)."""
    few = console.color_system in ("standard", "windows")
    return STANDARD_COLOURS if few else COLOURS


def _glyphs(part: Segment, count: int, letters: bool, palette: Mapping[Criterion, str]) -> Text:
    if letters:
        letter = LETTERS[part.criterion]
        return Text((letter.lower() if part.stand_in else letter) * count)
    return Text((SHADED if part.stand_in else SOLID) * count, style=palette[part.criterion])


class StackedBar:
    """A Rich renderable: one bar made of the segments, ``scale`` points filling its width.

    Bars that share a scale share a length unit, so bars in one column compare directly. The bar
    takes the width it is given, between :data:`MIN_WIDTH` and ``width`` cells.
    """

    def __init__(self, parts: Sequence[Segment], scale: float, width: int = MAX_WIDTH) -> None:
        self.parts = tuple(parts)
        self.scale = scale
        self.width = max(MIN_WIDTH, width)

    @classmethod
    def of(cls, result: ProgramResult, scale: float, width: int = MAX_WIDTH) -> StackedBar:
        return cls(segments(result), scale, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_WIDTH, self.width).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self.width, options.max_width)
        letters = plain(console, options)
        palette = colours(console)
        bar = Text(no_wrap=True, overflow="crop", end="")
        for part, count in zip(self.parts, cells(self.parts, self.scale, width), strict=True):
            bar.append_text(_glyphs(part, count, letters, palette))
        yield bar


class Legend:
    """A Rich renderable: which colour (or letter) is which criterion, said once under the bars."""

    def __init__(self, criteria: Iterable[Criterion], scale: float | None = None) -> None:
        self.criteria = tuple(criteria)
        self.scale = scale

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pieces = self.entries(plain(console, options), colours(console))
        yield from _fill(pieces, options.max_width)

    def entries(self, letters: bool, palette: Mapping[Criterion, str] = COLOURS) -> list[Text]:
        """The legend's pieces; a line breaks only between them."""
        scale = "" if self.scale is None else f" (a full bar is {self.scale:.1f} points)"
        found = [Text(f"Bars: points per criterion{scale}:", style="dim")]
        for criterion in self.criteria:
            if letters:
                found.append(Text(f"{LETTERS[criterion]} {criterion}"))
            else:
                found.append(Text.assemble((SOLID, palette[criterion]), f" {criterion}"))
        if letters:
            found.append(Text("lower case: the stand-in for an unknown score", style="dim"))
        else:
            found.append(Text(f"{SHADED} shaded: the stand-in for an unknown score", "dim"))
        return found


def _fill(pieces: Iterable[Text], width: int, gap: str = "  ") -> Iterator[Text]:
    """Pieces joined into lines of at most ``width`` cells, breaking only between pieces."""
    line = Text()
    for piece in pieces:
        if line.cell_len and line.cell_len + len(gap) + piece.cell_len > width:
            yield line
            line = Text()
        if line.cell_len:
            line.append(gap)
        line.append_text(piece)
    if line.cell_len:
        yield line


def ranking_scale(results: Iterable[ProgramResult]) -> float:
    """The common scale of a ranking's bars: the highest total shown (1 when there is none)."""
    totals = [r.total for r in results if r.total is not None and r.total > 0]
    return max(totals, default=1.0)


def _rows(result: Comparison) -> Iterator[tuple[Criterion, ProgramResult]]:
    for criterion in criteria_of(result.weights):
        if any(r.contributions[criterion] is not None for r in result.results):
            for r in result.results:
                yield criterion, r


def comparison(result: Comparison, width: int = 30) -> RenderableType:
    """Aligned bars for ``compare``: per criterion, one bar per program on one shared scale.

    Laid out for the width it is printed at: where the criterion, the id, a bar and the points
    do not fit on one line, the criterion gets a line of its own above its programs.
    """
    return _Comparison(result, width)


class _Comparison:
    def __init__(self, result: Comparison, width: int) -> None:
        self.result = result
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)

    def build(self, room: int) -> RenderableType:
        result = self.result
        rows = list(_rows(result))
        scale = max((r.contributions[c] or 0.0 for c, r in rows), default=0.0) or 1.0
        cells = [
            (c, r, facts.points(r.contributions[c], r.scores[c].score is None)) for c, r in rows
        ]
        names = max((len(c) for c, _ in rows), default=0)
        ids = max((len(r.program["id"]) for _, r in rows), default=0)
        points = max((len(p) for _, _, p in cells), default=0)
        # One space after each of the four cells (the table's right padding).
        wide = names + ids + MIN_WIDTH + points + 4 <= room
        table = Table(
            title="Points per criterion",
            title_justify="left",
            box=None,
            show_header=False,
            padding=(0, 1, 0, 0),
        )
        if wide:
            table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(min_width=MIN_WIDTH)  # the one column that gives way on a narrow screen
        table.add_column(justify="right", no_wrap=True)
        previous: Criterion | None = None
        for criterion, r, said in cells:
            points_of = r.contributions[criterion]
            stand_in = r.scores[criterion].score is None
            part = [] if points_of is None else [Segment(criterion, points_of, stand_in)]
            bar = StackedBar(part, scale, self.width)
            if wide:
                label = criterion if criterion != previous else ""
                table.add_row(label, r.program["id"], bar, said)
            else:
                if criterion != previous:
                    table.add_row(Text(criterion, style="bold"), "", "")
                table.add_row(r.program["id"], bar, said)
            previous = criterion
        return Group(table, Legend(dict.fromkeys(c for c, _ in rows)))
