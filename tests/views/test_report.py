"""The report's format choice, and what each format makes a run import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlchoose.errors import MlchooseError
from mlchoose.views import html, markdown, report, svg
from tests.entry import run_main
from tests.views import sample
from tests.views.sample import DAY, VERSION


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


def test_render_hands_each_format_to_its_writer() -> None:
    ranking = sample.ranking()

    def made(fmt: report.Format) -> str:
        return report.render(ranking, fmt, generated=DAY, catalog_version=VERSION)

    assert made("html") == html.report(ranking, generated=DAY, catalog_version=VERSION)
    assert made("svg") == svg.chart(ranking, generated=DAY, catalog_version=VERSION)
    assert made("markdown") == markdown.report(ranking, generated=DAY, catalog_version=VERSION)


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["report", "--out", "{tmp}/r.md"], []),
        (["report", "--out", "{tmp}/r.svg"], []),
        (["rank", "--format", "markdown"], []),
        (["report", "--out", "{tmp}/r.html"], ["jinja2"]),
    ],
)
def test_only_the_html_report_loads_jinja2_and_none_loads_rich(
    tmp_path: Path, args: list[str], loaded: list[str]
) -> None:
    """Files and Markdown for scripts pay for no terminal rendering and no template engine."""
    env = {**os.environ, "MLCHOOSE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    argv = [a.format(tmp=tmp_path) for a in args]
    done = run_main(argv, env, ("rich", "jinja2"))
    assert done.returncode == 0 and (done.stdout or done.stderr.startswith("Wrote "))
    modules = done.stderr.splitlines()[-1].strip("[]").replace("'", "").split(", ")
    assert sorted({m.split(".")[0] for m in modules if m}) == loaded
