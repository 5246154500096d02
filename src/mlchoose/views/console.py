"""Where output goes: the one place that creates Rich consoles (so colour, width and NO_COLOR
are handled alike) and the plain streams for machine formats, notes and errors.

Rich is imported only when a console is made: JSON, CSV, notes and errors never load it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from mlchoose.errors import OutputClosed
from mlchoose.views.safe import clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


@functools.cache
def _console_type() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class _Console(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            """Every text segment through the one escaping step (views.safe): catalog text
            with ESC, OSC or bidi characters never reaches the terminal raw. Rich's own control
            segments (cursor moves) pass as they are."""
            safe = (
                s if s.control else Segment(clean(s.text, keep="\t\n"), s.style, s.control)
                for s in buffer
            )
            return encodable(super()._render_buffer(safe), self.encoding)

        def on_broken_pipe(self) -> None:
            """Rich's own handling exits 1; the CLI ends every closed pipe alike."""
            self.quiet = True
            raise OutputClosed

    return _Console


def console() -> Console:
    """The stdout console; Rich honours NO_COLOR, COLUMNS and non-TTY output by itself, except
    a COLUMNS that is no width (``0``): that one is ignored, as a terminal's own size would be."""
    return _console_type()(
        highlight=False, soft_wrap=False, markup=False, emoji=False, width=_no_width()
    )


def _no_width() -> int | None:
    """The width to use instead of a COLUMNS of 0 (the terminal's or 80), else None (Rich's)."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if not (columns.isdigit() and int(columns) == 0):
        return None
    import shutil

    return shutil.get_terminal_size().columns  # ignores a COLUMNS of 0 itself


def render(renderable: RenderableType) -> None:
    console().print(renderable)


#: Marks and punctuation spelled for a terminal that cannot show them (``PYTHONIOENCODING=ascii``).
FALLBACK = str.maketrans(
    {
        "\u2020": "+",  # dagger: dominated for certain
        "\u2026": "...",
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2265": ">=",
    }
)


def encodable(text: str, encoding: str | None) -> str:
    """``text`` as the stream's encoding can carry it: the marks mlchoose prints fall back to
    ASCII spellings (``†`` is ``+``), anything else to ``?``."""
    name = encoding or "utf-8"
    try:
        text.encode(name)
    except UnicodeEncodeError:
        return text.translate(FALLBACK).encode(name, errors="replace").decode(name)
    except LookupError:
        return text
    return text


def write(text: str) -> None:
    """Print machine-readable text exactly as given: no markup, no wrapping."""
    try:
        sys.stdout.write(encodable(clean(text, keep="\t\n"), sys.stdout.encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed from None


def notes(lines: Iterable[str]) -> None:
    """Notes beside machine-readable output go to stderr, so stdout stays pure data."""
    for line in lines:
        sys.stderr.write(f"Note: {clean(line)}\n")


def status(message: str) -> None:
    """A line about what was done (not data): stderr, like notes."""
    sys.stderr.write(f"{clean(message)}\n")


def error(message: str) -> None:
    """One plain line on stderr (no Rich: errors must be cheap and never styled oddly)."""
    sys.stderr.write(f"Error: {clean(message)}\n")


def emit(
    output: str,
    *,
    data: Callable[[], Any] | None = None,
    table: Callable[[Console], RenderableType | Iterable[RenderableType]] | None = None,
    text: Callable[[], str] | None = None,
    notes_: Iterable[str] = (),
) -> None:
    """Write one command's result in the format asked for: ``json`` from ``data``, ``table``
    through Rich, anything else from ``text``. One rule for notes: under a table (stdout) for
    people, on stderr beside machine formats (JSON, CSV, Markdown), so stdout stays data."""
    if output == "json" and data is not None:
        from mlchoose.views.text import as_json

        write(as_json(data()))
        notes(notes_)
    elif output in ("table", "text") and table is not None:
        screen = console()
        shown = table(screen)
        for part in shown if isinstance(shown, list | tuple) else [shown]:
            screen.print(part)
        for line in notes_:
            screen.print(f"Note: {line}", style="dim")
    elif text is not None:
        write(text())
        notes(notes_)
