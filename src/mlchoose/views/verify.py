"""What ``verify`` shows: a table per program (Rich), JSON for CI, and the progress bar."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from typing import TYPE_CHECKING, Any

from mlchoose.views.safe import clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress

    from mlchoose.verify.engine import FactResult, Report

#: Status words, best first, with their colour in the table.
STYLES: dict[str, str] = {
    "ok": "green",
    "moved": "yellow",
    "changed": "red",
    "unsupported": "red",
    "gone": "red",
    "blocked": "magenta",
    "unreachable": "magenta",
}


def records(report: Report) -> list[dict[str, str]]:
    """``verify --format json``: one object per checked fact."""
    return [{k: clean(v) for k, v in r.as_json().items()} for r in report.results]


#: The order in which a program's table drops columns that do not fit: the URL, then the
#: detail. Fact and status stay; a URL is never cut or wrapped.
VERIFY_DROP = ("url", "detail")


def tables(report: Report) -> list[RenderableType]:
    from rich.text import Text

    from mlchoose.views.fit import Fitted

    parts: list[RenderableType] = []
    for program, rows in groupby(report.results, key=lambda r: r.program):
        found = list(rows)
        parts.append(Text(clean(program), style="bold"))
        parts.append(Fitted(functools.partial(_table, found)))
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{counts[s]} {s}" for s in STYLES if s in counts) or "nothing checked"
    parts.append(Text(f"Facts checked: {summary}.", style="bold"))
    if report.skipped:
        reasons: dict[str, int] = {}
        for s in report.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        said = "; ".join(f"{n} x {clean(reason)}" for reason, n in sorted(reasons.items()))
        parts.append(Text(f"Not checked: {said}.", style="dim"))
    return parts


def _table(rows: Sequence[FactResult], width: int) -> RenderableType:
    """One program's results, fitted to ``width`` (columns dropped in VERIFY_DROP's order)."""
    from rich.text import Text

    from mlchoose.views.fit import COMPACT, PROSE, Col, fit

    cols = [
        Col("fact", "Fact", [clean(r.field) for r in rows]),
        Col("status", "Status", [Text(r.status, style=STYLES.get(r.status, "")) for r in rows]),
        Col("detail", "Detail", [clean(r.detail) for r in rows], wrap=True, least=PROSE),
        Col("url", "Source", [clean(r.url) for r in rows]),
    ]
    table, dropped = fit(cols, VERIFY_DROP, width, **COMPACT)
    if not dropped:
        return table
    from rich.console import Group

    names = {"url": "source URL", "detail": "detail"}
    said = ", ".join(names[key] for key in dropped)
    return Group(table, Text(f"Too narrow for: {said} (see --format json).", style="dim"))


def description(url: str) -> str:
    """The progress bar's label: the URL's end, shown as text (see :func:`bar`)."""
    return clean(url)[-50:] or "Checking sources"


def bar(console: Console) -> Progress:
    """Rich's default progress columns, with the label read as plain text: a '[link=...]' or
    '[/b]' in a catalog URL would otherwise be markup that plants a hyperlink or crashes the
    run, and ':warning:' would become an emoji."""
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    label = TextColumn("{task.description}", style="progress.description", markup=False)
    return Progress(
        label,
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[int, int, str], None]]:
    """A Rich progress bar on stderr (only at a terminal), fed by the engine's callback."""
    if not enabled:
        yield lambda done, total, url: None
        return
    from rich.console import Console

    with bar(Console(stderr=True)) as shown:
        task: list[Any] = []

        def update(done: int, total: int, url: str) -> None:
            if not task:
                task.append(shown.add_task("Checking sources", total=total))
            shown.update(task[0], completed=done, description=description(url))

        yield update
