from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.core.query import Query
from mlchoose.core.ranking import ProgramResult, Ranking, rank
from mlchoose.data.models import Catalog
from mlchoose.data.preferences import Preferences, Weights
from mlchoose.errors import MlchooseError
from mlchoose.views import report
from tests.factories import SHARED_SOURCES, catalog_data, dump, make_catalog, program_data

DAY = dt.date(2026, 11, 30)
VERSION = "test-catalog, sha256 0123456789ab"
#: Elements that have no end tag in HTML.
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base"}
#: Elements that load or run something from elsewhere: none may appear.
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video"}


def _programs() -> list[dict[str, Any]]:
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


@pytest.fixture
def catalog() -> Catalog:
    return make_catalog(*_programs())


@pytest.fixture
def ranking(catalog: Catalog) -> Ranking:
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


def html_of(ranking: Ranking, **kwargs: Any) -> str:
    return report.html_report(ranking, generated=DAY, catalog_version=VERSION, **kwargs)


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


def test_html_escapes_catalog_text(ranking: Ranking) -> None:
    page = html_of(ranking)
    parser = parse(page)
    assert "<script" not in page and "<Polytechnique>" not in page
    assert "&lt;script&gt;" in page
    text = " ".join(parser.text)
    assert 'Ecole <Polytechnique> & "Partners"' in text  # shown as written, after unescaping
    assert "javascript:" not in "".join(a.get("href", "") for _, a in parser.elements)
    assert "https://delta.example.edu/ms?a=1&b=2" in links(parser)


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


def test_standalone_svg_is_xml_with_proportional_bars(ranking: Ranking) -> None:
    image = report.svg_chart(ranking, generated=DAY, catalog_version=VERSION)
    root = ET.fromstring(image)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    groups = [g for g in root.iter(f"{ns}g") if g.get("class") == "bar"]
    assert [g.get("data-id") for g in groups] == [r.program["id"] for r in ranking.results]
    ratios = set()
    for group, result in zip(groups, ranking.results, strict=True):
        rects = list(group.iter(f"{ns}rect"))
        total = sum(float(r.get("width", "0")) for r in rects)
        assert result.total is not None
        ratios.add(round(total / result.total, 3))
        for rect in rects:
            criterion = rect.get("data-criterion")
            points = result.contributions[criterion]  # type: ignore[index]
            assert points is not None
            ratios.add(round(float(rect.get("width", "0")) / points, 3))
    assert len(ratios) == 1
    assert "href" not in image and "<script" not in image
    texts = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "2026-11-30" in texts and all(r.program["id"] in texts for r in ranking.results)


def test_robustness_section_only_when_given(ranking: Ranking) -> None:
    figures = {"alpha": (0.62, 1.0, 1.0, 3.0), "beta": (0.3, 2.0, 1.0, 4.0)}
    parser = parse(html_of(ranking, robustness=figures))
    text = " ".join(" ".join(parser.text).split())
    assert "Robustness" in text and "62%" in text and "1-3" in text
    assert "not computed" in text  # gamma and delta have no figures
    assert "first in 62% of trials" in text
    markdown = report.markdown(ranking, generated=DAY, catalog_version=VERSION, robustness=figures)
    assert "## Robustness" in markdown and "| 62% | 1 | 1-3 |" in markdown
    assert "Robustness" not in report.markdown(ranking, generated=DAY, catalog_version=VERSION)


def test_markdown_lists_programs_sources_and_escapes(ranking: Ranking) -> None:
    text = report.markdown(ranking, generated=DAY, catalog_version=VERSION)
    table = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(table) == len(ranking.results)
    for result in ranking.results:
        assert f"`{result.program['id']}`" in text
        for url in source_urls(result):
            assert f"<{url}>" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[the page\\]" in text  # a link in catalog text stays text


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.html", "html"), ("A.HTM", "html"), ("chart.svg", "svg"), ("notes.md", "markdown")],
)
def test_format_follows_the_suffix(name: str, fmt: str) -> None:
    assert report.format_of(Path(name)) == fmt


@pytest.mark.parametrize("name", ["report.pdf", "report", "report.html.txt"])
def test_other_suffixes_are_a_usage_error(name: str) -> None:
    with pytest.raises(MlchooseError) as raised:
        report.format_of(Path(name))
    assert raised.value.exit_code == 2 and ".html" in str(raised.value)


# --- the command --------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(dump(catalog_data(*_programs())), encoding="utf-8")
    return path


@pytest.fixture
def umask() -> Iterator[int]:
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["report", *args], env={"NO_COLOR": "1", "COLUMNS": "120"})


def test_report_command_writes_the_html_file(
    tmp_path: Path, catalog_file: Path, umask: int
) -> None:
    out = tmp_path / "sub" / "shortlist.html"
    out.parent.mkdir()
    result = invoke(
        "--out", str(out), "--catalog", str(catalog_file), "--programs", "GAMMA,alpha-x"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote {out} (html, 2 programs)\n"
    parser = parse(out.read_text(encoding="utf-8"))
    cards = [a["id"] for tag, a in parser.elements if tag == "article"]
    assert cards == ["p-alpha", "p-gamma"]
    digest = hashlib.sha256(catalog_file.read_bytes()).hexdigest()[:12]
    assert digest in " ".join(parser.text)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # shareable, not private
    assert [p.name for p in out.parent.iterdir()] == ["shortlist.html"]  # no temporary left


def test_report_command_svg_markdown_and_top(tmp_path: Path, catalog_file: Path) -> None:
    svg = tmp_path / "chart.svg"
    assert invoke("-o", str(svg), "--catalog", str(catalog_file), "--top", "2").exit_code == 0
    assert len([g for g in ET.parse(svg).getroot().iter() if g.get("class") == "bar"]) == 2
    md = tmp_path / "notes.md"
    result = invoke("-o", str(md), "--catalog", str(catalog_file), "-w", "faculty=5", "-p", "west")
    assert result.exit_code == 0 and "(markdown, 4 programs)" in result.stdout
    assert "Faculty | 56%" in md.read_text(encoding="utf-8")


def test_report_command_on_the_builtin_catalog(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert invoke("--out", str(out), "--top", "3").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "built-in programs.yaml" in text and text.count('class="card"') == 3


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--out", "shortlist.pdf"], 2, "cannot tell the report format of 'shortlist.pdf'"),
        (
            ["--out", "r.html", "--programs", "alpha,gamaa"],
            2,
            "program 'gamaa'; did you mean 'gamma'",
        ),
        (["--out", "r.html", "--programs", " , "], 2, "--programs needs at least one"),
        (["--out", "r.html", "--top", "0"], 2, "--top"),
        (["--programs", "alpha"], 2, "--out"),
    ],
)
def test_report_command_errors(
    tmp_path: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "--catalog", str(catalog_file))
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("r.*")) and not list(tmp_path.glob("shortlist.*"))


def test_report_command_cannot_write(tmp_path: Path, catalog_file: Path) -> None:
    folder = tmp_path / "taken.html"
    folder.mkdir()
    result = invoke("--out", str(folder), "--catalog", str(catalog_file))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write '{folder}'")
    assert result.stderr.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_report_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "shortlist.html"
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 2 and "no folder" in result.stderr
    assert not out.parent.exists()
