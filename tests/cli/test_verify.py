"""``mlchoose verify`` end to end against a local HTTP server: statuses, exit codes, JSON for CI,
saved results for ``--cached`` and ``show``, and hostile page text kept off the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mlchoose.cli.app import app
from tests.factories import catalog_data, dump, program_data
from tests.verify.conftest import Site

runner = CliRunner()
QUOTE = "Tuition is $50,000 per year"


def catalog(tmp_path: Path, site: Site) -> Path:
    """One program whose tuition cites /prices (with a quote) and whose other facts cite /ms."""
    data: dict[str, Any] = program_data("alpha")
    data["tuition"] = {**data["tuition"], "quote": QUOTE}
    data["sources"] = {
        "page": {"url": site.url("/ms"), "year": "undated"},
        "prices": {"url": site.url("/prices"), "year": "2025-26"},
    }
    path = tmp_path / "c.yaml"
    path.write_text(dump(catalog_data(data)), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    """The command line; ``verify`` may fetch the local test server (``--allow-private``)."""
    local = ["--allow-private"] if args[:1] == ("verify",) else []
    return runner.invoke(app, [*args, *local], env={"NO_COLOR": "1", "COLUMNS": "160"})


def test_a_page_that_lost_its_quote_is_changed_and_exit_is_1(tmp_path: Path, site: Site) -> None:
    site.page("/ms", "<p>On campus, 12 to 16 months. STAT 500.</p>")
    site.page("/prices", "<p>Tuition is <b>$55,000</b> per year</p>")
    result = run("verify", "alpha", "-f", "json", "--catalog", str(catalog(tmp_path, site)))
    assert result.exit_code == 1, result.stderr
    facts = json.loads(result.stdout)
    assert all(set(f) == {"program", "field", "source", "url", "status", "detail"} for f in facts)
    by_field = {f["field"]: f["status"] for f in facts}
    assert by_field["tuition"] == "changed"


def test_every_quote_found_exits_0_and_is_saved_for_cached_and_show(
    tmp_path: Path, site: Site
) -> None:
    site.page("/prices", f"<p>{QUOTE.replace('50,000', '<span>50,000</span>')}</p>")
    path = catalog(tmp_path, site)
    only_prices = tmp_path / "o.yaml"
    data = json.loads(json.dumps(program_data("alpha")))
    data["tuition"] = {**data["tuition"], "quote": QUOTE}
    data["sources"] = {"page": {"url": site.url("/prices"), "year": "undated"}}
    data["sources"]["prices"] = {"url": site.url("/prices"), "year": "2025-26"}
    data["industry"], data["topics"] = [], []
    for name in ("delivery", "duration", "specializations"):
        data[name] = "unknown"
    only_prices.write_text(dump(catalog_data(data)), encoding="utf-8")
    result = run("verify", "-f", "json", "--catalog", str(only_prices))
    assert result.exit_code == 0, result.stdout
    assert {f["status"] for f in json.loads(result.stdout)} == {"ok"}
    site.routes.clear()  # no network from here on: --cached reads what was saved
    cached = run("verify", "--cached", "-f", "json", "--catalog", str(only_prices))
    assert cached.exit_code == 0 and json.loads(cached.stdout)[0]["status"] == "ok"
    assert "no saved result" not in cached.stderr
    shown = run("show", "alpha", "--catalog", str(path))
    assert "last verified" in shown.stdout


def test_gone_and_blocked_pages(tmp_path: Path, site: Site) -> None:
    site.page("/ms", "gone", status=404)
    site.page("/prices", "no", status=403)
    result = run("verify", "-f", "json", "--catalog", str(catalog(tmp_path, site)))
    statuses = {f["field"]: f["status"] for f in json.loads(result.stdout)}
    assert statuses["tuition"] == "blocked" and statuses["delivery"] == "gone"
    assert result.exit_code == 1


def test_hostile_page_text_never_reaches_the_terminal(tmp_path: Path, site: Site) -> None:
    site.page("/ms", "<p>\x1b[2J\x1b]0;owned\x07 \u202e</p>")
    site.page("/prices", f"<p>{QUOTE}</p>")
    result = run("verify", "--catalog", str(catalog(tmp_path, site)))
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "alpha" in result.stdout and "changed" in result.stdout


def test_unknown_program_is_a_usage_error(tmp_path: Path, site: Site) -> None:
    result = run("verify", "nosuch", "--catalog", str(catalog(tmp_path, site)))
    assert result.exit_code == 2 and "unknown program" in result.stderr


def test_the_verify_table_fits_every_width(tmp_path: Path, site: Site) -> None:
    site.page("/ms", "<p>nothing here</p>")
    site.page("/prices", f"<p>{QUOTE}</p>")
    path = str(catalog(tmp_path, site))
    for width in (40, 60, 80, 120):
        result = runner.invoke(
            app, ["verify", "--allow-private", "--catalog", path], env={"COLUMNS": str(width)}
        )
        lines = result.stdout.splitlines()
        assert lines and all(len(line) <= width for line in lines), width
        assert sum(1 for line in lines if not line.strip()) < 3


def test_the_progress_bar_shows_a_url_as_text_not_markup() -> None:
    """A catalog URL may hold '[link=...]' or '[/b]': as Rich markup it would plant a hyperlink
    or crash the run (MarkupError); ':warning:' would become an emoji."""
    import io

    from rich.console import Console

    from mlchoose.views import verify as view

    urls = (
        "https://x.invalid/a[/b]",
        "https://x.invalid/[link=https://e.example/]p[/link]",
        "https://x.invalid/:warning:",
    )
    for url in urls:
        out = io.StringIO()
        console = Console(file=out, width=200, force_terminal=True, color_system=None)
        with view.bar(console) as shown:
            task = shown.add_task(view.description(url), total=2)
            shown.update(task, completed=1)
            shown.refresh()
            drawn = out.getvalue()
        assert url[-50:] in drawn, drawn


def test_cached_without_saved_results_is_not_a_success(tmp_path: Path, site: Site) -> None:
    """A new user ran 'verify --cached' before any 'verify': "nothing checked" and exit 0
    read as all clear. Facts without a saved verdict are not known to be ok."""
    path = catalog(tmp_path, site)
    result = run("verify", "--cached", "--catalog", str(path))
    assert result.exit_code == 1
    assert "no saved result: run 'mlchoose verify'" in result.stderr
    assert "never verified" in result.stdout
