"""A Rich table that lays out its rows itself: Rich's output for a fraction of the work.

Rich draws each cell through a Padding object and two passes of ``render_lines``; in the tables
:func:`mlchoose.views.fit.fit` lays out that machinery was most of ``rank``'s drawing time and a
third of what ``rank --robust`` adds to start-up (issue 29). :class:`QuickTable` builds the same
lines from the same pieces (``render_lines`` once per cell, Rich's box, padding, alignment and
styles), and draws a cell of plain one-style text without even that: it is justified as
``rich.containers.Lines.justify`` does. A table using what this does not draw (a footer, lines
between rows, leading, vertical padding) is drawn by Rich. ``tests/views/test_quicktable.py``
prints random tables both ways and compares them byte for byte, with colours and without.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

Line = list[Segment]


class QuickTable(Table):
    """A :class:`rich.table.Table` that lays out its rows itself (the same segments)."""

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        if not self._lays_out_itself(widths):
            yield from super()._render(console, options, widths)
            return
        yield from self._boxed_rows(
            console, options, widths, self._laid_rows(console, options, widths)
        )

    def _lays_out_itself(self, widths: Sequence[int]) -> bool:
        """False for what only Rich's own layout is known to draw right: a footer, lines
        between rows, leading, vertical padding, a column too narrow for its padding, columns
        of unequal length (a column added after the rows)."""
        top, _, bottom, _ = self.padding
        if self.show_footer or self.show_lines or self.leading or top or bottom:
            return False
        if any(len(column._cells) != len(self.rows) for column in self.columns):
            return False
        return all(width - sum(self._side_padding(i)) >= 1 for i, width in enumerate(widths))

    def _laid_rows(
        self, console: Console, options: ConsoleOptions, widths: Sequence[int]
    ) -> list[tuple[Style, list[list[Line]]]]:
        """Each row (header first): its style and its cells' lines, padded, styled and shaped
        to the row's height as ``Table._render`` shapes them."""
        get_style = console.get_style
        header_style = get_style(self.header_style or "")
        styles = [Style.null()] * self.show_header + [
            get_style(self.get_row_style(console, body)) for body in range(len(self.rows))
        ]
        # Per row, per cell: its lines, its style and its vertical alignment.
        laid: list[list[tuple[list[Line], Style, str]]] = [[] for _ in styles]
        for index, (column, width) in enumerate(zip(self.columns, widths, strict=True)):
            left, right = self._side_padding(index)
            room = width - left - right
            cell_options = options.update(
                width=room,
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            )
            cells: list[tuple[Style, RenderableType]] = []
            if self.show_header:
                cells.append((header_style + get_style(column.header_style), column.header))
            cell_style = get_style(column.style or "")
            cells += [(cell_style, cell) for cell in column.cells]
            for row, (style, cell) in enumerate(cells):
                base = style + styles[row]
                lines = _cell_lines(console, cell_options, column, cell, room)
                vertical = getattr(cell, "vertical", None) or column.vertical
                laid[row].append(
                    ([_padded(line, left, right, base) for line in lines], base, vertical)
                )
        rows = []
        for row, (row_style, cells_of_row) in enumerate(zip(styles, laid, strict=True)):
            heights = {len(lines) for lines, _, _ in cells_of_row}
            if heights == {1}:  # every cell one line of its width: nothing to align or shape
                rows.append((row_style, [lines for lines, _, _ in cells_of_row]))
                continue
            height = max(heights)
            shaped = [
                Segment.set_shape(
                    _aligned(
                        lines, width, height, base, "bottom" if row < self.show_header else vertical
                    ),
                    width,
                    max(1, height),
                )
                for (lines, base, vertical), width in zip(cells_of_row, widths, strict=True)
            ]
            rows.append((row_style, shaped))
        return rows

    def _side_padding(self, index: int) -> tuple[int, int]:
        """A column's left and right padding, as Rich's ``_get_cells`` works it out."""
        _, right, _, left = self.padding
        if self.collapse_padding and index:
            left = max(0, left - right)
        if not self.pad_edge:
            if index == 0:
                left = 0
            if index == len(self.columns) - 1:
                right = 0
        return left, right

    def _boxed_rows(
        self,
        console: Console,
        options: ConsoleOptions,
        widths: list[int],
        rows: Sequence[tuple[Style, list[list[Line]]]],
    ) -> Iterator[Segment]:
        """The rows between the box's lines, as Rich's ``Table._render`` draws them."""
        table_style = console.get_style(self.style or "")
        border_style = table_style + console.get_style(self.border_style or "")
        safe = console.safe_box if self.safe_box is None else self.safe_box
        box = self.box.substitute(options, safe=safe) if self.box else None
        box = box.get_plain_headed_box() if box and not self.show_header else box
        new_line = Segment.line()
        edge = self.show_edge
        if box and edge:
            yield Segment(box.get_top(widths), border_style)
            yield new_line
        last_index = len(rows) - 1
        for index, (row_style, cells) in enumerate(rows):
            first, last = index == 0, index == last_index
            height = len(cells[0]) if cells else 1
            if not box:
                for line_no in range(height):
                    for cell in cells:
                        yield from cell[line_no]
                    yield new_line
                continue
            left_text, right_text, divider_text = (
                (box.head_left, box.head_right, box.head_vertical),
                (box.mid_left, box.mid_right, box.mid_vertical),
                (box.foot_left, box.foot_right, box.foot_vertical),
            )[0 if first else (2 if last else 1)]
            divider = (
                Segment(divider_text, border_style)
                if divider_text.strip()
                else Segment(divider_text, row_style.background_style + border_style)
            )
            for line_no in range(height):
                if edge:
                    yield Segment(left_text, border_style)
                for number, cell in enumerate(cells):
                    yield from cell[line_no]
                    if number < len(cells) - 1:
                        yield divider
                if edge:
                    yield Segment(right_text, border_style)
                yield new_line
            if first and self.show_header:
                yield Segment(box.get_row(widths, "head", edge=edge), border_style)
                yield new_line
            body = index - self.show_header
            if body >= 0 and self.rows[body].end_section and not last:
                yield Segment(box.get_row(widths, "row", edge=edge), border_style)
                yield new_line
        if box and edge:
            yield Segment(box.get_bottom(widths), border_style)
            yield new_line


def _cell_lines(
    console: Console, options: ConsoleOptions, column: Column, cell: RenderableType, room: int
) -> list[Line]:
    """A cell's lines at ``room`` cells, each ``room`` wide, as Rich's Padding has them drawn
    with the column's ``options``."""
    plain = None if column.highlight else _plain_cell(cell)
    if plain is not None:
        # Plain text of one style on one line: the line Rich's justification makes, in one
        # segment, without the text's wrap-join-render pass.
        text, style = plain
        line = _justified(
            text.plain, text.justify or column.justify, text.overflow or column.overflow, room
        )
        if line is not None:
            if not style:
                found = [Segment(line)]
            elif line:  # the style as Text.render reads it: unparsable is no style
                found = [Segment(line, console.get_style(style, default=Style.null()))]
            else:
                found = []  # Rich draws an empty styled text as no segment at all
            return [_filled(found, room)]
    return console.render_lines(cell, options, style=Style.null(), pad=True)


def _aligned(lines: list[Line], width: int, height: int, style: Style, vertical: str) -> list[Line]:
    """A cell's lines placed in a row ``height`` lines tall, as ``Table._render`` places them."""
    if vertical == "top":
        return Segment.align_top(lines, width, height, style)
    if vertical == "middle":
        return Segment.align_middle(lines, width, height, style)
    return Segment.align_bottom(lines, width, height, style)


def _plain_cell(cell: RenderableType) -> tuple[Text, str | Style] | None:
    """A cell that is one run of printable text in one style (no markup, emoji code or span:
    what Rich would change on the way), as a Text and that style; None for anything else."""
    if isinstance(cell, str):
        if "[" in cell or ":" in cell or not cell.isprintable():
            return None
        return Text(cell), ""
    if isinstance(cell, Text) and not cell.spans and cell.end == "\n":
        return (cell, cell.style) if cell.plain.isprintable() else None
    return None


def _justified(plain: str, justify: str | None, overflow: str | None, room: int) -> str | None:
    """``plain`` justified in ``room`` cells as ``rich.containers.Lines.justify`` does it; None
    when it does not fit or is justified otherwise ('full', overflow 'ignore').

    More characters than cells (zero-width marks) also count as not fitting: Rich then trims
    trailing spaces by characters before justifying (``Text.rstrip_end``)."""
    if overflow == "ignore" or len(plain) > room or cell_len(plain) > room:
        return None
    if justify in (None, "default"):
        return plain
    if justify == "left":
        return plain + " " * (room - cell_len(plain))
    stripped = plain.rstrip()
    size = cell_len(stripped)
    if justify == "right":
        return " " * (room - size) + stripped
    if justify == "center":
        left = (room - size) // 2
        return " " * left + stripped + " " * (room - size - left)
    return None


def _filled(line: Line, room: int) -> Line:
    """The line padded to ``room`` cells as ``render_lines`` pads it."""
    length = Segment.get_line_length(line)
    if length < room:
        line.append(Segment(" " * (room - length), Style.null()))
    return line


def _padded(line: Line, left: int, right: int, style: Style) -> Line:
    """The cell's padding around its line, and the cell and row style under every segment."""
    parts: Iterable[Segment] = [
        *([Segment(" " * left, Style.null())] if left else []),
        *line,
        *([Segment(" " * right, Style.null())] if right else []),
    ]
    return list(Segment.apply_style(parts, style)) if style else list(parts)
