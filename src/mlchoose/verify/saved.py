"""The last ``verify`` outcome of every source URL, kept in the user cache folder.

``show`` reads it to say when each source was last verified and which facts were not ``ok``;
``verify --cached`` prints it without the network. Each fact's verdict records what was looked
for (the URL, the quote and the value, with a digest of the three): it applies only while the
catalog still says the same, and a fact whose quote, value or URL changed since is "not checked
since it changed".

The file is JSON written atomically (a crash leaves the old file or the new one) and private
(0600) whatever stood at its path before. Saving reads, merges and writes under an exclusive
lock (``verification.json.lock``), so parallel runs keep every result. Text is cut to the same
bounds when written as when read, so nothing written is dropped on reading back. Reading trusts
nothing in it: a file that is too large, not a regular file, not JSON or of another shape counts
as empty; a damaged entry, or one dated in the future, is dropped alone. Only :func:`path` is
ever written, and a symlink in its place is replaced, not followed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final

from mlchoose.data import cache

# The checks' vocabularies (verify.quotes, verify.request) are imported where entries are read:
# ``show`` imports this module only to see whether a results file exists (issue 29).

FILE_NAME: Final = "verification.json"
LOCK_NAME: Final = "verification.json.lock"
#: 2: verdicts record the quote and value they checked (format 1 entries are not read).
FORMAT: Final = 2
#: Far above ~200 sources with ~600 facts (about 200 kB); anything larger is not ours.
MAX_BYTES: Final = 8 * 1024 * 1024
MAX_ENTRIES: Final = 5000
MAX_FACTS: Final = 2000
#: The longest text kept in a field (details, final URLs, quotes, values); longer is cut.
_TEXT: Final = 2000
#: The longest source URL kept: a URL is a key, never cut; a longer one is not saved.
_URL: Final = 8192
#: An entry dated later than now plus this is planted or from a wrong clock: ignored.
_SKEW: Final = dt.timedelta(hours=1)
#: Seconds a save waits for another run's lock before giving up (the check still stands).
LOCK_WAIT: Final = 10.0


@dataclass(frozen=True)
class FactMark:
    """One fact's verdict at the last check, and what was looked for: the fact's quote and
    value (cut to a bound for reading) and ``looked_for``, a digest of the URL, quote and
    value in full (see :func:`looked_for`)."""

    program: str
    field: str
    source: str
    status: str
    detail: str
    quote: str = ""
    value: str = ""
    looked_for: str = ""


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


def looked_for(url: str, quote: str, value: str) -> str:
    """The digest a verdict is kept under: it applies while URL, quote and value are these."""
    text = json.dumps([url, quote, value], ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


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
    latest = (dt.datetime.now(dt.UTC) + _SKEW).timestamp()
    for entry in entries[:MAX_ENTRIES]:
        outcome = _outcome(entry)
        if outcome is None or _sort_key(outcome.checked) > latest:
            continue
        known = outcomes.get(outcome.url)
        if known is None or _sort_key(known.checked) < _sort_key(outcome.checked):
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
    from mlchoose.verify.request import printable

    return printable(value, limit) if isinstance(value, str) and len(value) <= limit else None


def _outcome(entry: Any) -> Outcome | None:
    """One entry, checked field by field; None when any field is not what save writes."""
    from mlchoose.verify.request import PAGE_STATUSES

    if not isinstance(entry, dict):
        return None
    url, checked = _text(entry.get("url"), _URL), entry.get("checked")
    final = entry.get("final_url")
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
    from mlchoose.verify.quotes import FACT_STATUSES

    if not isinstance(item, dict) or item.get("status") not in FACT_STATUSES:
        return None
    texts = [_text(item.get(key), 200) for key in ("program", "field", "source")]
    about = [_text(item.get(key, "")) for key in ("detail", "quote", "value")]
    digest = item.get("looked_for", "")
    if any(text is None for text in (*texts, *about)):
        return None
    if not isinstance(digest, str) or not _is_digest(digest):
        return None
    program, field_path, source = (str(text) for text in texts)
    detail, quote, value = (str(text) for text in about)
    return FactMark(program, field_path, source, str(item["status"]), detail, quote, value, digest)


def save(outcomes: Iterable[Outcome]) -> bool:
    """Merge ``outcomes`` into the saved ones (newest wins) and write the file atomically,
    all under the lock, so that runs saving at the same time each keep their results.

    False when the cache folder cannot be written or another run holds the lock too long:
    the check itself still stands.
    """
    from mlchoose.data.files import write_atomic

    fresh = [fitted for outcome in outcomes if (fitted := _fitted(outcome)) is not None]
    try:
        with _locked():
            merged = {**load(), **{outcome.url: outcome for outcome in fresh}}
            kept = sorted(merged.values(), key=lambda o: _sort_key(o.checked), reverse=True)
            document = {"format": FORMAT, "sources": [asdict(o) for o in kept[:MAX_ENTRIES]]}
            data = json.dumps(document, indent=1, ensure_ascii=True).encode("ascii")
            write_atomic(path(), data)
    except OSError:
        return False
    return True


def _fitted(outcome: Outcome) -> Outcome | None:
    """The outcome with every text cut to the bound :func:`load` accepts (so what is written
    is what is read back); None for a URL too long to be a key."""
    if len(outcome.url) > _URL:
        return None
    marks = tuple(
        replace(
            mark,
            program=_cut(mark.program, 200),
            field=_cut(mark.field, 200),
            source=_cut(mark.source, 200),
            detail=_cut(mark.detail),
            quote=_cut(mark.quote),
            value=_cut(mark.value),
        )
        for mark in outcome.facts[:MAX_FACTS]
    )
    return replace(outcome, final_url=_cut(outcome.final_url), facts=marks)


def _cut(text: str, limit: int = _TEXT) -> str:
    from mlchoose.verify.request import printable

    return printable(text, limit)


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """An exclusive lock on ``verification.json.lock`` (POSIX ``flock``) while saving; where
    there is no ``flock`` (Windows), saving goes on without one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    where = cache.folder() / LOCK_NAME
    where.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(where, flags, 0o600)
    except OSError:
        if not where.is_symlink():
            raise
        where.unlink()  # a link planted in its place: replaced, never followed
        fd = os.open(where, flags, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{where} is not a regular file")
        give_up = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > give_up:
                    raise
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


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
