"""The last ``verify`` outcome of every source URL, kept in the user cache folder.

``show`` reads it to say when each source was last verified and which facts were not ``ok``;
``verify --cached`` prints it without the network. The file is JSON written atomically (a crash
leaves the old file or the new one). Reading trusts nothing in it: a file that is too large, not
a regular file, not JSON or of another shape counts as empty, and a damaged entry is dropped
alone. Only :func:`path` is ever written, and a symlink in its place is replaced, not followed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from mlchoose.data import cache
from mlchoose.verify.quotes import FACT_STATUSES
from mlchoose.verify.request import PAGE_STATUSES, printable

FILE_NAME: Final = "verification.json"
FORMAT: Final = 1
#: Far above ~200 sources with ~600 facts (about 200 kB); anything larger is not ours.
MAX_BYTES: Final = 8 * 1024 * 1024
MAX_ENTRIES: Final = 5000
MAX_FACTS: Final = 2000
_TEXT: Final = 2000


@dataclass(frozen=True)
class FactMark:
    """One fact's verdict at the last check."""

    program: str
    field: str
    source: str
    status: str
    detail: str


@dataclass(frozen=True)
class Outcome:
    """A source URL's last check: when (ISO date-time, UTC), its page status, a SHA-256 of
    the extracted text (empty when no text was read), where it led, and its facts' verdicts."""

    url: str
    checked: str
    status: str
    sha256: str
    final_url: str
    facts: tuple[FactMark, ...] = ()


def path() -> Path:
    return cache.folder() / FILE_NAME


def text_hash(text: str) -> str:
    """Lets a later check tell whether a page's text changed at all."""
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest() if text else ""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def load() -> dict[str, Outcome]:
    """Saved outcomes by URL; ``{}`` when the file is missing, damaged or not ours."""
    data = _read_bounded(path())
    if data is None:
        return {}
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}
    entries = document.get("sources")
    if not isinstance(entries, list):
        return {}
    outcomes: dict[str, Outcome] = {}
    for entry in entries[:MAX_ENTRIES]:
        outcome = _outcome(entry)
        if outcome is not None:
            outcomes[outcome.url] = outcome
    return outcomes


def _read_bounded(where: Path) -> bytes | None:
    """A regular file's bytes, at most MAX_BYTES of them, whatever its size claims."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(where, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # a FIFO, a device or a folder: not ours, and reading could block
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    return data if len(data) <= MAX_BYTES else None


def _text(value: Any, limit: int = _TEXT) -> str | None:
    return printable(value, limit) if isinstance(value, str) and len(value) <= limit else None


def _outcome(entry: Any) -> Outcome | None:
    """One entry, checked field by field; None when any field is not what save writes."""
    if not isinstance(entry, dict):
        return None
    url, checked, final = _text(entry.get("url")), entry.get("checked"), entry.get("final_url")
    status, digest, facts = entry.get("status"), entry.get("sha256"), entry.get("facts")
    if url is None or not url.startswith(("http://", "https://")) or status not in PAGE_STATUSES:
        return None
    if not isinstance(digest, str) or not _is_digest(digest) or not _is_time(checked):
        return None
    marks = [_mark(item) for item in facts[:MAX_FACTS]] if isinstance(facts, list) else []
    final_url = _text(final) or url
    return Outcome(url, str(checked), str(status), digest, final_url, tuple(filter(None, marks)))


def _is_digest(value: str) -> bool:
    return value == "" or (len(value) == 64 and all(c in "0123456789abcdef" for c in value))


def _is_time(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _mark(item: Any) -> FactMark | None:
    if not isinstance(item, dict) or item.get("status") not in FACT_STATUSES:
        return None
    texts = [_text(item.get(key), 200) for key in ("program", "field", "source")]
    detail = _text(item.get("detail", ""))
    if detail is None or any(text is None for text in texts):
        return None
    program, field_path, source = (str(text) for text in texts)
    return FactMark(program, field_path, source, str(item["status"]), detail)


def save(outcomes: Iterable[Outcome]) -> bool:
    """Merge ``outcomes`` into the saved ones (newest wins) and write the file atomically.

    False when the cache folder cannot be written: the check itself still stands.
    """
    from mlchoose.data.files import write_atomic

    merged = {**load(), **{outcome.url: outcome for outcome in outcomes}}
    kept = sorted(merged.values(), key=lambda o: _sort_key(o.checked), reverse=True)
    document = {"format": FORMAT, "sources": [asdict(o) for o in kept[:MAX_ENTRIES]]}
    try:
        write_atomic(path(), json.dumps(document, indent=1, ensure_ascii=True).encode("ascii"))
    except OSError:
        return False
    return True


def _sort_key(checked: str) -> float:
    try:
        moment = dt.datetime.fromisoformat(checked)
    except ValueError:
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()


def by_fact(outcomes: Mapping[str, Outcome]) -> dict[tuple[str, str], tuple[Outcome, FactMark]]:
    """(program id, field) -> its source's outcome and its last verdict, for ``show``."""
    found: dict[tuple[str, str], tuple[Outcome, FactMark]] = {}
    for outcome in outcomes.values():
        for mark in outcome.facts:
            known = found.get((mark.program, mark.field))
            if known is None or _sort_key(known[0].checked) < _sort_key(outcome.checked):
                found[(mark.program, mark.field)] = (outcome, mark)
    return found
