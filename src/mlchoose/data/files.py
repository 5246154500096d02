"""Writing files so that a crash never leaves one half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: Path, data: bytes, mode: int | None = None, *, through_symlink: bool = False
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a mix; a failure (or a signal the CLI turns
    into an exit) leaves the old file intact and no temporary file behind. A new file is private
    (0600) unless ``mode`` is given, e.g. 0o666 for a file the user shares (the umask applies);
    a file that exists keeps its own mode. A symbolic link is replaced by the file, unless
    ``through_symlink`` (a file the user names, such as ``report --out``): then its target is
    replaced and the link stays. mlchoose's own files (cache, profiles) never follow a link.
    """
    if through_symlink and path.is_symlink():
        path = path.resolve()
    try:
        mode = path.stat().st_mode & 0o7777 if path.is_file() else mode
        keep = path.is_file()
    except OSError:
        keep = False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode if keep else mode & ~_umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
