"""The HTML report: one self-contained page whose every catalog text is escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mlchoose.core.ranking import Ranking
from mlchoose.views import html as html_view
from tests.views import sample
from tests.views.sample import DAY, FIGURES, VERSION, links, parse, source_urls

#: Elements that load or run something from elsewhere: none may appear.
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video"}


@pytest.fixture
def ranking() -> Ranking:
    return sample.ranking()


def html_of(ranking: Ranking, **kwargs: Any) -> str:
    return html_view.report(ranking, generated=DAY, catalog_version=VERSION, **kwargs)


def test_html_parses_and_holds_every_program_and_source(ranking: Ranking) -> None:
    parser = parse(html_of(ranking))
    text = " ".join(" ".join(parser.text).split())
    hrefs = links(parser)
    for result in ranking.results:
        program = result.program
        assert program["id"] in text and " ".join(program["name"].split()) in text
        assert f"#p-{program['id']}" in hrefs
        assert source_urls(result) <= hrefs, source_urls(result) - hrefs
        assert program["url"] in hrefs
    assert "2026-11-30" in text and VERSION in text
    assert "Weights used" in text and "faculty" in text.lower()
    assert "Robustness" not in text


def test_html_has_no_external_reference(ranking: Ranking) -> None:
    page = html_of(ranking)
    parser = parse(page)
    allowed = {u for r in ranking.results for u in source_urls(r) | {r.program["url"]}}
    for tag, attrs in parser.elements:
        assert tag not in FORBIDDEN_TAGS, tag
        assert "src" not in attrs and "srcset" not in attrs and "xlink:href" not in attrs
        for name, value in attrs.items():
            if name.startswith("on"):
                pytest.fail(f"event handler {name} on <{tag}>")
            if name == "href":
                assert tag == "a", f"href on <{tag}>"
                assert value.startswith("#") or value in allowed, value
    css = "\n".join(parser.styles)
    assert "@import" not in css and "url(" not in css
    assert not re.search(r"https?:", css)
    assert "@media print" in css and "max-width" in css and "flex-wrap" in css
    assert '<meta name="viewport"' in page


def test_the_css_is_the_package_file_inlined(ranking: Ranking) -> None:
    css = html_view.css()
    assert css.startswith(":root{") and "@media print" in css
    assert f"<style>\n{css}</style>" in html_of(ranking)


def test_html_escapes_catalog_text(ranking: Ranking) -> None:
    page = html_of(ranking)
    parser = parse(page)
    assert "<script" not in page and "<Polytechnique>" not in page
    assert "&lt;script&gt;" in page
    text = " ".join(parser.text)
    assert 'Ecole <Polytechnique> & "Partners"' in text  # shown as written, after unescaping
    assert "javascript:" not in "".join(a.get("href", "") for _, a in parser.elements)
    assert "https://delta.example.edu/ms?a=1&b=2" in links(parser)


def test_citation_markers_count_up_and_point_into_the_card(ranking: Ranking) -> None:
    page = html_of(ranking)
    card = page[page.index('<article class="card" id="p-delta">') :]
    card = card[: card.index("</article>")]
    body = card[: card.index("<h4>Sources</h4>")]
    marked = [int(n) for n in re.findall(r'class="cite" href="#s-delta-(\d+)"', body)]
    assert marked and sorted(set(marked)) == list(range(1, max(marked) + 1))
    first = list(dict.fromkeys(marked))
    assert first == sorted(first)  # numbered in the order the card cites them
    anchors = [int(n) for n in re.findall(r'<li id="s-delta-(\d+)">', card)]
    assert anchors == list(range(1, len(anchors) + 1)) and set(marked) <= set(anchors)


def test_svg_bar_widths_are_proportional_to_the_contributions(ranking: Ranking) -> None:
    parser = parse(html_of(ranking))
    # the chart (one bar per program) and one bar per card, all on one scale
    assert len(parser.svgs) == 2 * len(ranking.results)
    by_id = {r.program["id"]: r for r in ranking.results}
    chart = parser.svgs[: len(ranking.results)]
    ratios: list[float] = []
    lengths: list[tuple[float, float]] = []
    for result, rects in zip(ranking.results, chart, strict=True):
        expected = [(c, p) for c, p in result.contributions.items() if p]
        assert [r["data-criterion"] for r in rects] == [c for c, _ in expected]
        x = 0.0
        for rect, (_, points) in zip(rects, expected, strict=True):
            assert float(rect["x"]) == pytest.approx(x, abs=1e-3)  # stacked, no gaps
            width = float(rect["width"])
            ratios.append(width / points)
            x += width
        assert result.total is not None
        lengths.append((x, result.total))
    unit = ratios[0]
    assert ratios == pytest.approx([unit] * len(ratios), rel=1e-4)  # one scale for every bar
    for length, total in lengths:
        assert length == pytest.approx(total * unit, rel=1e-4)
    stand_ins = [r for rects in chart for r in rects if r.get("data-stand-in") == "true"]
    assert {r["data-criterion"] for r in stand_ins} == {"industry"}  # delta has no evidence
    assert by_id["delta"].scores["industry"].score is None


def test_robustness_section_only_when_given(ranking: Ranking) -> None:
    parser = parse(html_of(ranking, robustness=FIGURES))
    text = " ".join(" ".join(parser.text).split())
    assert "Robustness" in text and "62%" in text and "1-3" in text
    assert "not computed" in text  # gamma and delta have no figures
    assert "first in 62% of trials" in text
