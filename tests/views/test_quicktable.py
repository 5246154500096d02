"""QuickTable draws exactly what Rich's Table draws, and takes its quick path where it should.

Random tables (boxes, edges, padding, sections, row styles, justification, overflow, styled and
marked-up cells, wide characters, cells too long for their column, line breaks) are printed by
both classes, plain and in colour; the two outputs must be the same string.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.errors import MissingStyle
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlchoose.views.quicktable import QuickTable

WORDS = ["cmu-msml", "42", "0.75", "~0.94", "$92k-123k", "日本語", "[bold]x[/bold]", "", " a b "]
#: Text Rich changes on the way (an emoji code, a control character, a bidi mark), a zero-width
#: mark before a space (more characters than cells), and words that wrap.
ODD = [":smile:", "bell\x07", "a\u202eb", "e\u0301 ", "a longer run of words to wrap"]
STYLES = ["", "dim", "bold green", "on blue", "italic", "yellow"]
#: Text styles only: one Rich cannot parse (it draws the text unstyled) and a link.
TEXT_STYLES = [*STYLES, "notastyle", "link https://example.org"]
JUSTIFY: list[JustifyMethod] = ["left", "right", "center", "default", "full"]
LINK_ID = re.compile(r"id=\d+;")
#: The strategies drawn for every cell, built once rather than at every draw (a fifth of the
#: test's time).
WORD = st.sampled_from([*WORDS, *ODD])
ANY_WORD = st.sampled_from([*WORDS, *ODD, "two\nlines", "tab\there"])
ONE_IN_FOUR, ONE_IN_TEN, ONE_IN_TWENTY = st.integers(0, 3), st.integers(0, 9), st.integers(0, 19)
TEXT_STYLE, SPAN_STYLE, JUSTIFIED = (
    st.sampled_from(TEXT_STYLES),
    st.sampled_from(STYLES[1:]),
    st.sampled_from(JUSTIFY),
)
OVERFLOWS: list[OverflowMethod] = ["ellipsis", "fold", "crop", "ignore"]
TEXT_OVERFLOW = st.sampled_from(OVERFLOWS)
TEXT_END = st.sampled_from(["", " end\n"])


@st.composite
def cells(draw: st.DrawFn) -> str | Text | Padding:
    if draw(ONE_IN_TWENTY) == 0:
        return Padding(draw(plain_cells()), (0, 0, 0, draw(st.integers(0, 2))))
    return draw(plain_cells())


@st.composite
def plain_cells(draw: st.DrawFn) -> str | Text:
    # Mostly one-line cells (the quick path), now and then a line break or a tab (Rich's).
    words = draw(st.lists(ANY_WORD if draw(ONE_IN_TEN) == 0 else WORD, max_size=3))
    plain = " ".join(words)
    if draw(st.booleans()):
        return plain
    text = Text(plain, style=draw(TEXT_STYLE))
    if plain and draw(st.booleans()):
        start = draw(st.integers(0, len(plain) - 1))
        text.stylize(draw(SPAN_STYLE), start, draw(st.integers(start, len(plain))))
    if draw(st.booleans()):
        text.justify = draw(JUSTIFIED)
    if draw(ONE_IN_FOUR) == 0:
        text.overflow = draw(TEXT_OVERFLOW)
    if draw(ONE_IN_FOUR) == 0:
        text.no_wrap = draw(st.booleans())
    if draw(ONE_IN_TEN) == 0:
        text.end = draw(TEXT_END)
    return text


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], list[list[Any]], int]:
    style: dict[str, Any] = {
        "box": draw(st.sampled_from([None, box.SIMPLE_HEAD, box.HEAVY_HEAD, box.ROUNDED])),
        "show_edge": draw(st.booleans()),
        "show_header": draw(st.booleans()),
        "pad_edge": draw(st.booleans()),
        "collapse_padding": draw(st.booleans()),
        "padding": draw(st.sampled_from([(0, 1, 0, 0), (0, 1), (0, 0), (0, 2, 0, 1)]))
        if draw(st.integers(0, 9))
        else (1, 1),
        "row_styles": draw(st.sampled_from([None, ["", "dim"], ["on grey23"], ["", "on blue"]])),
        "border_style": draw(st.sampled_from([None, "red"])),
        "header_style": draw(st.sampled_from([None, "bold magenta"])),
        "title": draw(st.sampled_from([None, "Title"])),
        "show_lines": draw(st.integers(0, 9)) == 0,
    }
    count = draw(st.integers(1, 4))
    columns = [
        {
            "header": draw(cells()),
            "justify": draw(st.sampled_from(JUSTIFY)),
            "highlight": draw(st.integers(0, 5)) == 0,
            "vertical": draw(st.sampled_from(["top", "middle", "bottom"])),
            "no_wrap": draw(st.integers(0, 3)) > 0,
            "overflow": draw(st.sampled_from(["ellipsis", "fold", "crop"])),
            "style": draw(st.sampled_from(STYLES)),
            "width": draw(st.one_of(st.none(), st.integers(1, 14))),
        }
        for _ in range(count)
    ]
    rows = draw(st.lists(st.lists(cells(), min_size=count, max_size=count), min_size=1, max_size=5))
    style["highlight"] = draw(st.integers(0, 5)) == 0
    return style, columns, rows, draw(st.integers(10, 90))


def build(
    kind: type[Table],
    style: dict[str, Any],
    columns: list[dict[str, Any]],
    rows: list[list[Any]],
    sections: bool,
) -> Table:
    table = kind(**style)
    for column in columns:
        table.add_column(**column)
    for number, row in enumerate(rows):
        table.add_row(*row, end_section=sections and number % 2 == 0)
    return table


def printed(table: Table, width: int, colour: bool) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        legacy_windows=False,
    )
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return LINK_ID.sub("id=;", out)  # Rich numbers each hyperlink anew on every print


@settings(max_examples=300, deadline=None)
@given(tables(), st.booleans(), st.booleans())
def test_quick_table_prints_what_rich_prints(
    drawn: tuple[dict[str, Any], list[dict[str, Any]], list[list[Any]], int],
    colour: bool,
    sections: bool,
) -> None:
    style, columns, rows, width = drawn
    expected = outcome(build(Table, style, columns, rows, sections), width, colour)
    assert outcome(build(QuickTable, style, columns, rows, sections), width, colour) == expected


def outcome(table: Table, width: int, colour: bool) -> str:
    """What printing gives, or the error Rich raises (a style it cannot parse, in some of its
    paths): QuickTable must fail where Rich fails, and only there."""
    try:
        return printed(table, width, colour)
    except MissingStyle as error:
        return f"MissingStyle: {error}"


#: Corners found by review, checked on every run (the random tables reach them only sometimes):
#: (table style, column, cells).
CORNERS: list[tuple[dict[str, Any], dict[str, Any], list[Any]]] = [
    # A blank divider takes the row's background.
    ({"box": box.SIMPLE_HEAD, "row_styles": ["on grey23"]}, {}, ["x", "y"]),
    # A highlighted column colours numbers in plain strings.
    ({"box": box.ROUNDED}, {"highlight": True}, ["42", "cmu-msml 3"]),
    # More characters than cells: Rich trims the trailing space before justifying.
    ({}, {"justify": "default", "width": 2}, [Text("e\u0301 ", style="on red"), "e\u0301 "]),
    ({}, {"justify": "full", "width": 2}, [Text("e\u0301 ", style="on red")]),
    # A style Rich cannot parse draws the text unstyled.
    ({}, {}, [Text("abc", style="notastyle")]),
    # Collapsed padding between columns.
    ({"collapse_padding": True, "padding": (0, 2, 0, 1)}, {}, ["a", "b"]),
    # Centred and right-justified text with trailing spaces.
    ({}, {"justify": "center", "width": 9}, [" a b  ", Text("ab ", style="dim")]),
    ({}, {"justify": "right", "width": 9}, [" a b  ", Text("ab ", style="dim")]),
]


@pytest.mark.parametrize(("style", "column", "column_cells"), CORNERS)
@pytest.mark.parametrize("colour", [False, True])
def test_corners_print_what_rich_prints(
    style: dict[str, Any], column: dict[str, Any], column_cells: list[Any], colour: bool
) -> None:
    drawn = []
    for kind in (Table, QuickTable):
        table = kind(**style)
        table.add_column("first", **column)
        table.add_column("second", **column)
        for cell in column_cells:
            table.add_row(cell, cell, end_section=True)
        drawn.append(printed(table, 30, colour=colour))
    assert drawn[1] == drawn[0]


def test_rich_lays_out_only_what_the_quick_path_does_not_draw(monkeypatch: Any) -> None:
    """Wrapped, multi-line and non-text cells take the quick path; a footer goes to Rich."""
    drawn_by_rich = []
    original = Table._render

    def spy(self: Table, *args: Any) -> Any:
        drawn_by_rich.append(self)
        return original(self, *args)

    monkeypatch.setattr(Table, "_render", spy)
    table = QuickTable(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("#", justify="right", width=3)
    table.add_column("Program", width=12, no_wrap=True)
    table.add_column("Why", width=10)
    table.add_row("1", Text("cmu-msml", style="dim"), "a reason that wraps")
    table.add_row("2", "a-very-long-program-id", Text.assemble(("two", "bold"), "\nlines"))
    table.add_row("3", "x", Padding("indented", (0, 0, 0, 2)))  # a renderable of its own
    printed(table, 60, colour=True)
    assert drawn_by_rich == []
    table.show_footer = True
    printed(table, 60, colour=True)
    assert drawn_by_rich == [table]


def test_a_column_added_after_the_rows_is_drawn_as_rich_draws_it() -> None:
    """Rich draws only as many rows as its shortest column has cells (here, the header)."""
    tables = []
    for kind in (Table, QuickTable):
        table = kind(box=box.SIMPLE_HEAD)
        table.add_column("a")
        table.add_row("1")
        table.add_column("b")
        tables.append(printed(table, 40, colour=True))
    assert tables[0] == tables[1]
