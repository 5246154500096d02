"""``verify``'s engine: every sourced fact of the chosen programs against its page, live.

Each distinct URL is fetched once (see :mod:`mlchoose.verify.fetch`); a page's text is checked for
all the facts that cite it as soon as it arrives, then dropped, so memory holds one page per
worker, not the whole catalog's pages. Facts that cannot be checked are listed with the reason:
dataset sources (the faculty table is not a web page), unknown source keys, facts with neither a
quote nor a value a page would print. Progress is reported through a plain callback, so the
command line can draw a bar without this module knowing about Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Final

from mlchoose.verify.fetch import Page, fetch_pages
from mlchoose.verify.quotes import Check, checks, fact_status, matches
from mlchoose.verify.request import Settings, printable
from mlchoose.verify.saved import FactMark, Outcome, looked_for, now, text_hash

#: Called with (pages done, pages in all, URL just done); first with (0, total, "").
Progress = Callable[[int, int, str], None]
JSON_KEYS: Final = ("program", "field", "source", "url", "status", "detail")


@dataclass(frozen=True)
class FactResult:
    """One fact's verdict; ``detail`` is mlchoose's words (a page's text never gets in)."""

    program: str
    field: str
    source: str
    url: str
    status: str
    detail: str
    final_url: str

    def as_json(self) -> dict[str, str]:
        """The object ``verify --format json`` prints for this fact."""
        return {key: str(getattr(self, key)) for key in JSON_KEYS}


#: Why ``--cached`` lists a fact as not checked when it has no saved verdict that applies: its
#: source was never verified, the fact is new since, or its URL, quote or value changed since.
CHANGED: Final = "not checked since it changed"
UNVERIFIED: Final = ("never verified", "not verified since it was added", CHANGED)


@dataclass(frozen=True)
class Skipped:
    """A sourced fact that was not checked, and why."""

    program: str
    field: str
    source: str
    reason: str


@dataclass(frozen=True)
class Report:
    """Every verdict in catalog order, what was skipped, and the outcomes to save."""

    results: tuple[FactResult, ...]
    skipped: tuple[Skipped, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def all_ok(self) -> bool:
        """Exit status 0 means this: every checked fact is ``ok``, and none lacks a saved
        verdict (``--cached``: a fact never verified is not known to be ok)."""
        return not self.unverified and all(result.status == "ok" for result in self.results)

    @property
    def unverified(self) -> int:
        """Facts ``--cached`` has no verdict for (never verified, or added since)."""
        return sum(1 for item in self.skipped if item.reason in UNVERIFIED)


@dataclass(frozen=True)
class Planned:
    check: Check
    url: str


def plan(
    programs: Iterable[Mapping[str, Any]], sources: Mapping[str, Any]
) -> tuple[list[Planned], list[Skipped]]:
    """The checks to run with their URLs, and the facts skipped; ``sources`` are the
    catalog's shared ones (a program's own sources take precedence)."""
    planned: list[Planned] = []
    skipped: list[Skipped] = []
    for program in programs:
        own = program.get("sources") or {}
        for check in checks(program):
            url, reason = _resolve(check, own.get(check.source) or sources.get(check.source))
            if reason:
                skipped.append(Skipped(check.program, check.field, check.source, reason))
            else:
                planned.append(Planned(check, url))
    return planned, skipped


def _resolve(check: Check, source: Any) -> tuple[str, str]:
    """The URL to fetch for ``check``, or why there is none."""
    url = source.get("url") if isinstance(source, Mapping) else None
    if not isinstance(url, str) or not isinstance(source, Mapping):
        return "", f"source {printable(check.source, 80)!r} is not in the catalog"
    if source.get("kind") == "dataset":
        return url, "dataset source (not a web page)"
    if not check.wanted:
        return url, "no quote, and no value a page would print"
    return url, ""


def verify(
    programs: Iterable[Mapping[str, Any]],
    sources: Mapping[str, Any],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Report:
    """Fetch every cited page once and check each fact that cites it."""
    planned, skipped = plan(programs, sources)
    by_url: dict[str, list[Planned]] = {}
    for item in planned:
        by_url.setdefault(item.url, []).append(item)
    report = progress or (lambda done, total, url: None)
    report(0, len(by_url), "")
    verdicts: dict[tuple[str, str], FactResult] = {}
    outcomes: list[Outcome] = []
    with closing(fetch_pages(by_url, settings)) as pages:  # Ctrl-C: stop fetching at once
        for done, page in enumerate(pages, start=1):
            wanted = [item.check for item in by_url[page.url]]
            results = judge(page, wanted)
            verdicts.update(((r.program, r.field), r) for r in results)
            outcomes.append(outcome(page, results, wanted))
            report(done, len(by_url), page.url)
    ordered = [verdicts[(item.check.program, item.check.field)] for item in planned]
    return Report(tuple(ordered), tuple(skipped), tuple(outcomes))


def judge(page: Page, wanted: Sequence[Check]) -> list[FactResult]:
    """The verdict of every check against one fetched page. A fact whose quote does not hold
    its value is ``unsupported`` whatever the page says (once the page could be read)."""
    readable = page.status in ("ok", "moved")
    hits = matches(page.text, wanted) if readable else [False] * len(wanted)
    results = []
    for check, hit in zip(wanted, hits, strict=True):
        status = fact_status(page.status, hit)
        detail = _detail(page, check, hit) if readable else page.detail
        if check.unsupported:
            status = "unsupported" if readable else status
            detail = "; ".join(filter(None, (check.unsupported, detail)))
        results.append(
            FactResult(
                program=check.program,
                field=check.field,
                source=check.source,
                url=page.url,
                status=status,
                detail=detail,
                final_url=page.final_url,
            )
        )
    return results


def _detail(page: Page, check: Check, hit: bool) -> str:
    """Says what was looked for and, for a page that moved, that it was read at its new URL."""
    if hit:
        said = f"{check.basis} found" + (" at the new address" if page.status == "moved" else "")
    elif check.basis == "quote":
        said = "quote not found"
    else:
        looked = " / ".join(printable(text, 80) for text in check.wanted[0][:3])
        said = f"value not found (looked for {looked})"
    return "; ".join(filter(None, (said, page.detail)))


def outcome(page: Page, results: Sequence[FactResult], wanted: Sequence[Check]) -> Outcome:
    """What is saved about one source URL after a check: each verdict with what it was about."""
    marks = tuple(
        FactMark(
            r.program,
            r.field,
            r.source,
            r.status,
            r.detail,
            check.quote,
            check.value,
            looked_for(page.url, check.quote, check.value),
        )
        for r, check in zip(results, wanted, strict=True)
    )
    return Outcome(page.url, now(), page.status, text_hash(page.text), page.final_url, marks)


def cached(
    programs: Iterable[Mapping[str, Any]],
    sources: Mapping[str, Any],
    saved: Mapping[str, Outcome],
) -> Report:
    """The last saved verdicts of these programs' facts, without the network (``--cached``).

    A saved verdict applies only while the fact's URL, quote and value are the ones it was
    about; a fact without one is listed as skipped: never verified, added since, or changed
    since (``not checked since it changed``).
    """
    planned, skipped = plan(programs, sources)
    anywhere = {(m.program, m.field) for o in saved.values() for m in o.facts}
    results: list[FactResult] = []
    for item in planned:
        check = item.check
        found = saved.get(item.url)
        mark = _saved_mark(found, check) if found else None
        if found is None or mark is None:
            if (check.program, check.field) in anywhere:
                reason = CHANGED  # verified before, at another URL or for another quote
            else:
                reason = UNVERIFIED[0] if found is None else UNVERIFIED[1]
            skipped.append(Skipped(check.program, check.field, check.source, reason))
            continue
        if mark.looked_for != looked_for(item.url, check.quote, check.value):
            skipped.append(Skipped(check.program, check.field, check.source, CHANGED))
            continue
        detail = "; ".join(filter(None, (mark.detail, f"checked {found.checked}")))
        results.append(
            FactResult(
                mark.program,
                mark.field,
                mark.source,
                item.url,
                mark.status,
                detail,
                found.final_url,
            )
        )
    return Report(tuple(results), tuple(skipped), ())


def _saved_mark(outcome: Outcome, check: Check) -> FactMark | None:
    for mark in outcome.facts:
        if (mark.program, mark.field) == (check.program, check.field):
            return mark
    return None
