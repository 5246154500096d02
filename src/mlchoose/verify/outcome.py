"""How a request ends, in mlchoose's own words: the page statuses, the one failure type and text
safe to show. Shared by the request (:mod:`mlchoose.verify.request`) and the guarded network
under it (:mod:`mlchoose.verify.network`), which therefore need not import each other."""

from __future__ import annotations

from typing import Final, Literal

PageStatus = Literal["ok", "moved", "gone", "unreachable", "blocked"]
PAGE_STATUSES: Final[tuple[PageStatus, ...]] = ("ok", "moved", "gone", "unreachable", "blocked")


class Failure(Exception):
    """A request that ended without a usable response; ``detail`` is mlchoose's own words.

    ``transient`` failures (timeouts, network errors) are worth another try; the others
    (an invalid address, a damaged body, a page slower than the deadline) are not.
    """

    def __init__(self, status: PageStatus, detail: str, *, transient: bool = False) -> None:
        super().__init__(detail)
        self.status: PageStatus = status
        self.detail = detail
        self.transient = transient


def printable(text: str, limit: int = 300) -> str:
    """Text safe to show: no control characters, and short (URLs come from servers)."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text[: limit + 1])
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
