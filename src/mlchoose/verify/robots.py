"""robots.txt, read once per site and shared by the fetching threads.

A site that says no gets no request. A robots.txt that is missing (4xx) allows everything, as
RFC 9309 says; one that cannot be read at all (timeout, 5xx, no network) is taken as allowing
too, so that a flaky robots.txt does not hide the page itself: the page's own fetch then
reports what is wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Final
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser  # imports urllib.request: only when used

    from mlchoose.verify.request import Raw

#: Redirects followed to reach a robots.txt (RFC 9309 asks for at least five).
REDIRECTS: Final = 5


class Robots:
    """The rules of every site seen so far; ``get`` fetches one URL without redirects."""

    def __init__(self, get: Callable[[str], Raw], user_agent: str) -> None:
        self._get = get
        self._agent = user_agent
        self._rules: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets mlchoose fetch ``url`` (fetching the rules on first use)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".casefold()
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # two threads on one site: the second waits for the first one's rules
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
        rules = self._rules[origin]
        return rules is None or rules.can_fetch(self._agent, url)

    def _load(self, origin: str) -> RobotFileParser | None:
        """The parsed rules, or None when everything is allowed."""
        from urllib.robotparser import RobotFileParser

        from mlchoose.verify.pagetext import decode
        from mlchoose.verify.request import Failure

        url = f"{origin}/robots.txt"
        try:
            for _hop in range(REDIRECTS + 1):
                raw = self._get(url)
                if raw.status not in (301, 302, 303, 307, 308) or not raw.location:
                    break
                url = urljoin(url, raw.location)
        except Failure:
            return None
        if not 200 <= raw.status < 300:
            return None
        rules = RobotFileParser()
        rules.parse(decode(raw.body).splitlines())
        return rules
