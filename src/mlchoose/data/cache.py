"""The user cache of validated catalogs: plain data written with marshal, found by a key.

Keys come from ``catalog`` (a file's content, overlays, mlchoose's and Python's versions), so an
entry is never stale. Anything unreadable counts as a miss, and a cache that cannot be written
only costs speed: the cache never decides what a command prints.

What is read back is verified, so a damaged or edited entry is a miss and is rebuilt: an entry
is ``MAGIC``, the length of a header, the header (the entry's own key and mlchoose's version),
a BLAKE2b digest of header and payload, then the payload (the catalog, marshalled). An entry
copied onto another key, written by another version, or changed in one byte does not verify.
(The digest detects damage and tampering by hand; it is no signature against someone who can
write the cache folder and recompute it, and who could as well edit mlchoose itself.)
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from mlchoose.data.models import Catalog

ENV_DIR = "MLCHOOSE_CACHE_DIR"
#: Entries kept; older ones are removed when a new one is written.
ENTRIES = 16
#: Validated catalogs are plain data (dicts, lists, text, numbers), so marshal, about twice as
#: fast to read as pickle, can hold them; its format is part of every key.
FORMAT = marshal.version
SUFFIX = ".marshal"
PREFIX = "catalog-"
MAGIC = b"mlchoose-cache-2\n"
DIGEST_SIZE = 32


def folder() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from mlchoose.data.folders import user_folder

    return user_folder("cache")


def name(key: str, prefix: str = PREFIX) -> str:
    return f"{prefix}{key}{SUFFIX}"


def get(key: str) -> Catalog | None:
    """The cached catalog for ``key``; anything unreadable or unverified counts as a miss."""
    catalog = read(key)
    return cast("Catalog", catalog) if _plausible(catalog) else None


def read(key: str, prefix: str = PREFIX) -> Any:
    """The verified payload of the entry ``prefix`` + ``key`` (plain data), None for a miss.

    Entries other than catalogs (``prefix``: what the core derives from a catalog, such as
    every program's scores) are verified the same way; their reader checks their shape."""
    try:
        data = memoryview((folder() / name(key, prefix)).read_bytes())
        return _unpack(data, key)
    except Exception:
        return None


def write(key: str, payload: Any, prefix: str = PREFIX) -> None:
    """Write an entry atomically, then prune the oldest of mlchoose's own with the same
    ``prefix`` (never the new one): each kind of entry keeps ENTRIES of its own."""
    from mlchoose.data.files import write_atomic

    where = folder()
    fresh = where / name(key, prefix)
    try:
        write_atomic(fresh, pack(key, payload))
        others = [p for p in where.glob(f"{prefix}*{SUFFIX}") if p != fresh]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[ENTRIES - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def pack(key: str, data: Any) -> bytes:
    """The bytes of the cache entry of ``data`` (a catalog, or other plain data) under ``key``."""
    from mlchoose import __version__

    header = marshal.dumps((key, __version__))
    payload = marshal.dumps(data)
    digest = _digest(header, payload)
    return b"".join([MAGIC, len(header).to_bytes(4, "little"), header, digest, payload])


def _digest(header: bytes | memoryview, payload: bytes | memoryview) -> bytes:
    hashed = hashlib.blake2b(digest_size=DIGEST_SIZE, person=b"mlchoose")
    hashed.update(header)
    hashed.update(payload)
    return hashed.digest()


def _unpack(data: memoryview, key: str) -> Any:
    """The payload of an entry that verifies as ``key``'s, written by this mlchoose; else None."""
    from mlchoose import __version__

    if data[: len(MAGIC)] != MAGIC:
        return None
    start = len(MAGIC) + 4
    size = int.from_bytes(data[len(MAGIC) : start], "little")
    header = data[start : start + size]
    digest = data[start + size : start + size + DIGEST_SIZE]
    payload = data[start + size + DIGEST_SIZE :]
    if marshal.loads(header) != (key, __version__) or digest != _digest(header, payload):
        return None
    return marshal.loads(payload)


def _plausible(catalog: Any) -> bool:
    """The shape every reader relies on (a verified entry always has it; cheap to check)."""
    if not isinstance(catalog, dict) or not isinstance(catalog.get("programs"), list):
        return False
    return all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in catalog["programs"])
