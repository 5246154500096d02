"""A Rich table that lays out rows of one-line cells itself: Rich's output, a fraction of the work.

Rich draws each cell through a Padding and two passes of ``render_lines``; in the tables that
:func:`mlchoose.views.fit.fit` lays out (every width decided, every cell one line of text) that
machinery was most of ``rank``'s drawing time and a third of what ``rank --robust`` adds to
start-up (issue 29). :class:`QuickTable` renders such a table's rows from the same pieces Rich
uses (the text's own ``__rich_console__``, its padding, box and styles) and hands any other
table, or any table with a cell that is not one line of text, back to Rich whole.
``tests/views/test_quicktable.py`` draws random tables both ways and compares them byte for byte,
with colours and without.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

Line = list[Segment]


class QuickTable(Table):
    """A :class:`rich.table.Table` that draws one-line rows directly (same segments)."""

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        rows = self._one_line_rows(console, options, widths)
        if rows is None:
            yield from super()._render(console, options, widths)
            return
        yield from self._framed(console, options, widths, rows)

    def _simple(self) -> bool:
        """Whether the table uses only what the quick path draws (no footer, lines between
        rows, vertical padding or leading)."""
        top, _, bottom, _ = self.padding
        return not (self.show_footer or self.show_lines or self.leading or top or bottom)

    def _one_line_rows(
        self, console: Console, options: ConsoleOptions, widths: Sequence[int]
    ) -> list[tuple[Style, list[Line]]] | None:
        """Each row (header first) as its row style and its cells' segments; None as soon as
        a cell would take more than one line or is not text."""
        if not self._simple():
            return None
        columns = self.columns
        count = len(self.rows)
        get_style = console.get_style
        header_style = get_style(self.header_style or "")
        styles = [Style.null()] * self.show_header + [
            get_style(self.get_row_style(console, body)) for body in range(count)
        ]
        laid: list[list[Line]] = [[] for _ in styles]
        for index, (column, width) in enumerate(zip(columns, widths, strict=True)):
            left, right = self._side_padding(index)
            room = width - left - right
            if room < 1:
                return None
            text_options = options.update(
                width=room,
                justify=column.justify,
                no_wrap=True,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            )
            cells: list[tuple[Style, object]] = []
            if self.show_header:
                cells.append((header_style + get_style(column.header_style), column.header))
            cell_style = get_style(column.style or "")
            cells += [(cell_style, cell) for cell in column.cells]
            for row, (style, cell) in enumerate(cells):
                line = _cell_line(console, options, text_options, column, cell, room)
                if line is None:
                    return None
                laid[row].append(_padded(line, left, right, style + styles[row]))
        return list(zip(styles, laid, strict=True))

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

    def _framed(
        self,
        console: Console,
        options: ConsoleOptions,
        widths: list[int],
        rows: Sequence[tuple[Style, list[Line]]],
    ) -> Iterator[Segment]:
        """The rows between the box's lines, as Rich's ``Table._render`` draws one-line rows."""
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
            header_row = first and self.show_header
            if box:
                kind = 0 if first else (2 if last else 1)
                left_text, right_text, divider_text = (
                    (box.head_left, box.head_right, box.head_vertical),
                    (box.mid_left, box.mid_right, box.mid_vertical),
                    (box.foot_left, box.foot_right, box.foot_vertical),
                )[kind]
                divider = (
                    Segment(divider_text, border_style)
                    if divider_text.strip()
                    else Segment(divider_text, row_style.background_style + border_style)
                )
                if edge:
                    yield Segment(left_text, border_style)
                for number, cell in enumerate(cells):
                    yield from cell
                    if number < len(cells) - 1:
                        yield divider
                if edge:
                    yield Segment(right_text, border_style)
                yield new_line
                if header_row:
                    yield Segment(box.get_row(widths, "head", edge=edge), border_style)
                    yield new_line
                body = index - self.show_header
                if body >= 0 and self.rows[body].end_section and not last:
                    yield Segment(box.get_row(widths, "row", edge=edge), border_style)
                    yield new_line
            else:
                for cell in cells:
                    yield from cell
                yield new_line
        if box and edge:
            yield Segment(box.get_bottom(widths), border_style)
            yield new_line


def _cell_line(
    console: Console,
    options: ConsoleOptions,
    text_options: ConsoleOptions,
    column: Column,
    cell: object,
    room: int,
) -> Line | None:
    """The one line a cell draws at ``room`` cells; None if it would take more (a line break,
    a tab, a wrap) or is not text."""
    plain = _unmarked(cell, console)
    if plain is not None:
        # Plain text of one style: the line Rich's justification makes, in one segment.
        text, style = plain
        justify = text.justify or column.justify
        overflow = text.overflow or column.overflow
        line = _justified(text.plain, justify, overflow, room)
        if line is not None:
            found = [Segment(line, console.get_style(style))] if style else [Segment(line)]
            return _filled(found if line or not style else [], room)
    if isinstance(cell, str):
        text = console.render_str(cell, highlight=column.highlight, markup=options.markup)
    elif isinstance(cell, Text):
        text = cell
    else:
        return None
    plain_text = text.plain
    if "\n" in plain_text or "\t" in plain_text or text.end != "\n":
        return None
    if cell_len(plain_text) > room:
        # Cut to the width only when Rich would cut it too (no wrapping, ellipsis or crop).
        no_wrap = column.no_wrap if text.no_wrap is None else text.no_wrap
        overflow = text.overflow or column.overflow
        if not no_wrap or overflow not in ("ellipsis", "crop"):
            return None
    # A line that fits wraps to itself: no_wrap=True draws it without looking for breaks.
    drawn = list(text.__rich_console__(console, text_options))
    if not drawn or drawn[-1].text != "\n":
        return None
    drawn.pop()
    return _filled(drawn, room)


def _unmarked(cell: object, console: Console) -> tuple[Text, str | Style] | None:
    """A cell that is one run of printable text in one style (no markup, emoji code or span),
    as a Text and that style; None for anything else."""
    if isinstance(cell, str):
        if "[" in cell or ":" in cell or not cell.isprintable():
            return None
        return Text(cell), ""
    if isinstance(cell, Text) and not cell.spans and cell.end == "\n":
        if not cell.plain.isprintable() or cell.no_wrap is False:
            return None
        return cell, cell.style
    return None


def _justified(plain: str, justify: str | None, overflow: str | None, room: int) -> str | None:
    """``plain`` justified in ``room`` cells as ``rich.containers.Lines.justify`` does it; None
    when it does not fit or is justified otherwise ('full', overflow 'ignore')."""
    if overflow == "ignore" or cell_len(plain) > room:
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


def _filled(line: Line, room: int) -> Line | None:
    """The line padded to ``room`` cells as ``render_lines`` pads it; None if it is longer."""
    length = Segment.get_line_length(line)
    if length > room:
        return None
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
