"""The report's sample programs (one with hostile text) and an HTML checker, shared by the
report's tests in every format."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from mlchoose.core.query import Query
from mlchoose.core.ranking import ProgramResult, Ranking, rank
from mlchoose.user.preferences import Preferences, Weights
from tests.factories import SHARED_SOURCES, make_catalog, program_data

DAY = dt.date(2026, 11, 30)
VERSION = "test-catalog, sha256 0123456789ab"
#: Elements that have no end tag in HTML.
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base"}
#: Robustness figures for two of the four programs.
FIGURES = {"alpha": (0.62, 1.0, 1.0, 3.0), "beta": (0.3, 2.0, 1.0, 4.0)}


def programs() -> list[dict[str, Any]]:
    tricky = program_data(
        "delta",
        university='Ecole <Polytechnique> & "Partners"',
        name="MS in <script>alert('x')</script> Learning",
        industry=[],
        notes=[{"text": "Fees change; see [the page](javascript:alert(1)).", "source": "page"}],
        article={
            "claim": "The article says there is an ML degree.",
            "correction": "There is none.",
            "source": "extra",
        },
        sources={
            "page": {"url": "https://delta.example.edu/ms?a=1&b=2", "year": "undated"},
            "prices": {"url": "https://delta.example.edu/tuition", "year": "2025-26"},
            "extra": {"url": "https://delta.example.edu/more", "year": "2024", "kind": "mirror"},
        },
    )
    return [
        program_data("alpha", specializations={"tracks": ["a", "b", "c", "d"], "source": "page"}),
        program_data("beta", region="west"),
        program_data("gamma", specializations={"tracks": [], "source": "page"}),
        tricky,
    ]


def ranking() -> Ranking:
    catalog = make_catalog(*programs())
    return rank(catalog, Query(Weights.of({"faculty": 3}), Preferences(frozenset({"west"}))))


def source_urls(result: ProgramResult) -> set[str]:
    """URLs a card must link: the program's own sources and the shared ones it cites."""
    shared = {SHARED_SOURCES["table"]["url"]} if result.program["faculty"] else set()
    return {s["url"] for s in result.program["sources"].values()} | shared


class Page(HTMLParser):
    """Collects elements with their attributes and the text, and checks nesting as it goes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.problems: list[str] = []
        self.svgs: list[list[dict[str, str]]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.elements.append((tag, found))
        if "style" in found:
            self.styles.append(found["style"])
        if tag == "svg" and "bar" in found.get("class", "").split():
            self.svgs.append([])
        if tag == "rect" and "svg" in self.stack and self.svgs and "data-criterion" in found:
            self.svgs[-1].append(found)
        self._in_style = tag == "style"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not parser.problems, parser.problems[:5]
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def links(parser: Page) -> set[str]:
    return {a["href"] for tag, a in parser.elements if tag == "a" and "href" in a}
