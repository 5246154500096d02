"""A verdict is about a value and a quote (issue 28, points 1 and 2), end to end: ``verify``,
then ``verify --cached``, ``show`` and ``validate --strict`` after the catalog changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mlchoose.cli.app import app
from tests.factories import catalog_data, dump, program_data
from tests.verify.conftest import Site

runner = CliRunner()
QUOTE = "Tuition is $30,200 per term"


def write(
    path: Path, site: Site, *, amount: float = 30200, quote: str = QUOTE, at: str = "/t"
) -> Path:
    """One program whose tuition cites ``at`` with ``quote``; its other facts cite nothing
    that verify would fetch (so each run fetches one page)."""
    data: dict[str, Any] = program_data("alpha")
    data["tuition"] = {"amount_usd": amount, "per": "term", "source": "prices", "quote": quote}
    data["sources"] = {
        "page": {"url": "https://alpha.example.edu/ms", "year": "undated", "kind": "dataset"},
        "prices": {"url": site.url(at), "year": "2025-26"},
    }
    path.write_text(dump(catalog_data(data)), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    local = ["--allow-private"] if args[:1] == ("verify",) else []
    return runner.invoke(app, [*args, *local], env={"NO_COLOR": "1", "COLUMNS": "200"})


def statuses(result: Any) -> dict[str, str]:
    return {fact["field"]: fact["status"] for fact in json.loads(result.stdout)}


def test_a_verdict_does_not_outlive_the_value_it_checked(tmp_path: Path, site: Site) -> None:
    site.page("/t", f"<p>{QUOTE}</p>")
    path = write(tmp_path / "c.yaml", site)
    first = run("verify", "-f", "json", "--catalog", str(path))
    assert first.exit_code == 0 and statuses(first) == {"tuition": "ok"}
    shown = run("show", "alpha", "--catalog", str(path))
    assert "last verified" in shown.stdout and ": ok" in shown.stdout
    site.routes.clear()  # no network from here on

    write(path, site, amount=99999, quote="Tuition is $99,999 per term")
    again = run("verify", "--cached", "-f", "json", "--catalog", str(path))
    assert again.exit_code == 1 and json.loads(again.stdout) == []
    assert "1 fact has no saved result" in again.stderr
    table = run("verify", "--cached", "--catalog", str(path))
    assert "not checked since it changed" in table.stdout
    shown = run("show", "alpha", "--catalog", str(path))
    assert "$99,999" in shown.stdout
    assert "last check: not checked since it changed" in shown.stdout
    assert ": ok" not in shown.stdout  # the source no longer says "last verified: ok"


def test_a_verdict_is_also_about_the_quote_and_the_url(tmp_path: Path, site: Site) -> None:
    site.page("/t", f"<p>{QUOTE}</p>")
    path = write(tmp_path / "c.yaml", site)
    assert run("verify", "--catalog", str(path)).exit_code == 0
    for changed in (
        {"quote": "Tuition is $30,200 per term."},
        {"at": "/elsewhere"},
        {"amount": 30200.5, "quote": "Tuition is $30,200.50 per term"},
    ):
        write(path, site, **changed)
        result = run("verify", "--cached", "--catalog", str(path))
        assert result.exit_code == 1 and "not checked since it changed" in result.stdout, changed
    write(path, site)  # the catalog says the same again: the verdict applies again
    result = run("verify", "--cached", "-f", "json", "--catalog", str(path))
    assert result.exit_code == 0 and statuses(result) == {"tuition": "ok"}


def test_a_quote_that_does_not_hold_the_value_is_reported(tmp_path: Path, site: Site) -> None:
    """amount_usd 1000 with a quote of $30,200: verify said ok, show verified, validate valid."""
    site.page("/t", f"<p>{QUOTE}</p>")
    path = write(tmp_path / "c.yaml", site, amount=1000)
    result = run("verify", "-f", "json", "--catalog", str(path))
    assert result.exit_code == 1
    (fact,) = json.loads(result.stdout)
    assert fact["status"] == "unsupported"
    assert fact["detail"] == "quote does not support the value: 1,000 is not in it; quote found"
    shown = run("show", "alpha", "--catalog", str(path))
    assert "last check: unsupported" in shown.stdout
    cached = run("verify", "--cached", "--catalog", str(path))
    assert cached.exit_code == 1 and "unsupported" in cached.stdout
    strict = run("validate", "--strict", str(path))
    assert strict.exit_code == 1
    assert "tuition.quote" in strict.stdout + strict.stderr
    assert "quote does not support the value: 1,000 is not in it" in strict.stdout + strict.stderr
    assert run("validate", str(path)).exit_code == 0  # a warning, not an error


def test_an_unreadable_page_keeps_its_status_and_says_the_quote_is_wrong(
    tmp_path: Path, site: Site
) -> None:
    site.page("/t", "gone", status=404)
    path = write(tmp_path / "c.yaml", site, amount=1000)
    (fact,) = json.loads(run("verify", "-f", "json", "--catalog", str(path)).stdout)
    assert fact["status"] == "gone"
    assert fact["detail"] == "quote does not support the value: 1,000 is not in it; HTTP 404"
