"""The verify engine end to end against the local server: facts, statuses, details, order."""

from __future__ import annotations

from typing import Any

from mlchoose.verify.engine import JSON_KEYS, Report, cached, plan, verify
from mlchoose.verify.request import Settings
from mlchoose.verify.saved import load, save
from tests.verify.conftest import Site
from tests.verify.samples import tiny_pdf

FAST = Settings(
    timeout=1.0, deadline=3.0, retries=0, backoff=0.0, max_retry_after=0.5, allow_private=True
)


def catalog(site: Site) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    site.page(
        "/still", "<p><b>Tui</b>tion is <span>$30,200</span> per year.</p><p>GRE optional</p>"
    )
    site.page("/lost", "<p>Tuition is $31,500 per year.</p>")
    site.redirect("/old", "/new")
    site.page("/new", "<p>Apply by December 10, 2025.</p>")
    site.page("/fees.pdf", tiny_pdf("Mandatory fees: $1,234.50 per term"), "application/pdf")
    site.page("/gone", "", status=410)
    program = {
        "id": "p",
        "tuition": {
            "amount_usd": 30200.0,
            "per": "year",
            "source": "still",
            "quote": "Tuition is $30,200 per year",
        },
        "gre": {"policy": "optional", "cycle": "2026", "source": "still"},
        "credits": {
            "amount": 30,
            "unit": "semester-credits",
            "source": "lost",
            "quote": "30 credits",
        },
        "deadline": {"date": "2025-12-10", "cycle": "2026", "source": "old"},
        "fees": {"amount_usd": 1234.5, "per": "term", "source": "pdf"},
        "thesis": {"option": "none", "source": "gone"},
        "faculty": {
            "institution": "P",
            "ai_faculty": 1,
            "ai_adjusted_pubs": 1.0,
            "robotics_adjusted_pubs": 0.0,
            "ai_rank_us": 1,
            "source": "csrankings",
        },
        "stem": {"stem": True, "source": "nowhere"},
        "notes": [{"text": "prose", "source": "still"}],
        "topics": [],
        "industry": [],
        "sources": {
            "still": {"url": site.url("/still"), "year": "2026"},
            "lost": {"url": site.url("/lost"), "year": "2026"},
            "old": {"url": site.url("/old"), "year": "2026"},
            "pdf": {"url": site.url("/fees.pdf"), "year": "2026"},
            "gone": {"url": site.url("/gone"), "year": "2026"},
        },
    }
    shared = {"csrankings": {"url": "https://csrankings.org", "year": "2017", "kind": "dataset"}}
    return [program], shared


def test_verify_checks_every_fact_in_catalog_order(site: Site) -> None:
    programs, shared = catalog(site)
    calls: list[tuple[int, int, str]] = []
    report = verify(programs, shared, settings=FAST, progress=lambda *a: calls.append(a))
    got = {r.field: (r.status, r.detail) for r in report.results}
    assert got == {
        "tuition": ("ok", "quote found"),
        "gre": ("ok", "value found"),
        "credits": ("changed", "quote not found"),
        "deadline": ("moved", f"value found at the new address; moved to {site.url('/new')}"),
        "fees": ("ok", "value found"),
        "thesis": ("gone", "HTTP 410"),
    }
    assert [r.field for r in report.results] == [
        "credits",
        "thesis",
        "tuition",
        "fees",
        "gre",
        "deadline",
    ]  # catalog order (the registry's order), not the order pages arrived in
    assert {(s.field, s.reason) for s in report.skipped} == {
        ("faculty", "dataset source (not a web page)"),
        ("stem", "source 'nowhere' is not in the catalog"),
        ("notes.0", "no quote, and no value a page would print"),
    }
    assert not report.all_ok
    assert calls[0] == (0, 5, "") and calls[-1][:2] == (5, 5) and len(calls) == 6
    assert site.count("/still") == 1  # two facts, one fetch
    assert list(report.results[0].as_json()) == list(JSON_KEYS)


def test_a_changed_value_says_what_was_looked_for(site: Site) -> None:
    site.page("/p", "<p>Tuition is $31,500.</p>")
    program = {
        "id": "p",
        "tuition": {"amount_usd": 30200.0, "per": "year", "source": "s"},
        "sources": {"s": {"url": site.url("/p"), "year": "2026"}},
    }
    (result,) = verify([program], {}, settings=FAST).results
    assert (result.status, result.detail) == (
        "changed",
        "value not found (looked for 30,200 / 30200)",
    )


def test_saved_outcomes_replay_without_the_network(site: Site) -> None:
    programs, shared = catalog(site)
    report = verify(programs, shared, settings=FAST)
    assert save(report.outcomes)
    saved = load()
    assert len(saved) == 5
    replay: Report = cached(programs, shared, saved)
    assert [(r.field, r.status) for r in replay.results] == [
        (r.field, r.status) for r in report.results
    ]
    assert all("checked 20" in r.detail for r in replay.results)
    programs[0]["cip"] = {"code": "11.0701", "source": "still"}
    later = cached(programs, shared, saved)
    assert ("cip", "not verified since it was added") in {
        (s.field, s.reason) for s in later.skipped
    }


def test_plan_prefers_the_programs_own_sources() -> None:
    program = {
        "id": "p",
        "thesis": {"option": "none", "source": "s"},
        "sources": {"s": {"url": "https://own.edu", "year": "2026"}},
    }
    planned, skipped = plan([program], {"s": {"url": "https://shared.edu", "year": "2026"}})
    assert [item.url for item in planned] == ["https://own.edu"] and skipped == []
