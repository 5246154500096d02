"""The one place that creates Rich consoles, so colour, width and NO_COLOR are handled alike."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console, RenderableType

from mlchoose.errors import OutputClosed


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich's own handling exits 1; the CLI ends every closed pipe alike (OutputClosed)."""
        self.quiet = True
        raise OutputClosed


def console() -> Console:
    """The stdout console; Rich honours NO_COLOR, COLUMNS and non-TTY output by itself."""
    return _Console(highlight=False, soft_wrap=False)


def render(renderable: RenderableType) -> None:
    console().print(renderable)


def write(text: str) -> None:
    """Print machine-readable text exactly as given: no markup, no wrapping."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed from None


def notes(lines: Iterable[str]) -> None:
    """Notes beside machine-readable output go to stderr, so stdout stays pure data."""
    for line in lines:
        sys.stderr.write(f"Note: {line}\n")


def error(message: str) -> None:
    """One plain line on stderr (no Rich: errors must be cheap and never styled oddly)."""
    sys.stderr.write(f"Error: {message}\n")
