"""What ``verify`` shows: a table per program (Rich), JSON for CI, and the progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import TYPE_CHECKING, Any

from mlchoose.views.safe import clean

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlchoose.data.verify_run import Report

#: Status words, best first, with their colour in the table.
STYLES: dict[str, str] = {
    "ok": "green",
    "moved": "yellow",
    "changed": "red",
    "gone": "red",
    "blocked": "magenta",
    "unreachable": "magenta",
}


def records(report: Report) -> list[dict[str, str]]:
    """``verify --format json``: one object per checked fact."""
    return [{k: clean(v) for k, v in r.as_json().items()} for r in report.results]


def tables(report: Report) -> list[RenderableType]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    for program, rows in groupby(report.results, key=lambda r: r.program):
        table = Table(title=clean(program), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("Fact", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Source", overflow="fold")
        table.add_column("Detail", overflow="fold", ratio=1)
        for r in rows:
            table.add_row(
                clean(r.field),
                Text(r.status, style=STYLES.get(r.status, "")),
                clean(r.url),
                clean(r.detail),
            )
        parts.append(table)
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{counts[s]} {s}" for s in STYLES if s in counts) or "nothing checked"
    parts.append(Text(f"Facts checked: {summary}.", style="bold"))
    if report.skipped:
        reasons: dict[str, int] = {}
        for s in report.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        said = "; ".join(f"{n} {clean(reason)}" for reason, n in sorted(reasons.items()))
        parts.append(Text(f"Not checked: {said}.", style="dim"))
    return parts


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[int, int, str], None]]:
    """A Rich progress bar on stderr (only at a terminal), fed by the engine's callback."""
    if not enabled:
        yield lambda done, total, url: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task: list[Any] = []

        def update(done: int, total: int, url: str) -> None:
            if not task:
                task.append(bar.add_task("Checking sources", total=total))
            bar.update(task[0], completed=done, description=clean(url)[-50:] or "Checking sources")

        yield update
