"""The one Markdown writer: the report's .md and ``rank --format markdown``."""

from __future__ import annotations

import re

import pytest

from mlchoose.core.ranking import Ranking
from mlchoose.views import markdown
from mlchoose.views.labels import HEADINGS
from mlchoose.vocab import CRITERIA
from tests.views import sample
from tests.views.sample import DAY, FIGURES, VERSION, source_urls


@pytest.fixture
def ranking() -> Ranking:
    return sample.ranking()


def test_markdown_lists_programs_sources_and_escapes(ranking: Ranking) -> None:
    text = markdown.report(ranking, generated=DAY, catalog_version=VERSION)
    table = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(table) == len(ranking.results)
    for result in ranking.results:
        assert f"`{result.program['id']}`" in text
        for url in source_urls(result):
            assert f"<{url}>" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[the page\\]" in text  # a link in catalog text stays text


def test_robustness_section_only_when_given(ranking: Ranking) -> None:
    text = markdown.report(ranking, generated=DAY, catalog_version=VERSION, robustness=FIGURES)
    assert "## Robustness" in text and "| 62% | 1 | 1-3 |" in text
    assert "Robustness" not in markdown.report(ranking, generated=DAY, catalog_version=VERSION)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Texas A&M University", "Texas A&M University"),  # a bare & is text already
        ("&amp; &#38;", "&amp;amp; &amp;\\#38;"),  # a reference is shown, not decoded
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a|b", "a\\|b"),  # a table cell stays one cell
        ("[x](javascript:y) *_`#\\", "\\[x\\](javascript:y) \\*\\_\\`\\#\\\\"),
    ],
)
def test_escape_shows_text_as_written(text: str, escaped: str) -> None:
    assert markdown.escape(text) == escaped


def test_autolink_only_for_web_urls() -> None:
    assert markdown.autolink("https://a.example/x y>") == "<https://a.example/x%20y%3E>"
    assert markdown.autolink("javascript:alert(1)") == "javascript:alert(1)"


def test_rank_table_escapes_cells_and_keeps_its_columns(ranking: Ranking) -> None:
    first = ranking.results[0]
    odd = first._replace(program={**first.program, "university": "A|B <i>"})
    text = markdown.ranking(ranking._replace(results=(odd, *ranking.results[1:])))
    lines = text.splitlines()
    assert lines[0] == (
        "| # | Program | University | Region | Total | "
        + " | ".join(HEADINGS[c] for c in CRITERIA)
        + " | Evidence |"
    )
    assert lines[1] == "|" + "---|" * 11
    assert "| A\\|B &lt;i&gt; |" in lines[2]
    assert all(line.count(" | ") == 10 for line in lines[2 : 2 + len(ranking.results)])
