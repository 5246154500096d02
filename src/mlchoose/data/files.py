"""Writing files so that a crash never leaves one half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
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
    replaced and the link stays, and a target that is not a regular file (a device, a FIFO) is
    refused. mlchoose's own files (cache, profiles) never follow a link, and a link or anything
    else that is not a regular file does not pass on its mode. Temporary files a killed write
    left behind are removed once stale (:data:`STALE_TEMP`).
    """
    if through_symlink and path.is_symlink():
        path = path.resolve()
    try:  # the path itself, never a link's target: a link does not pass on its target's mode
        standing = path.lstat()
    except OSError:
        standing = None
    keep = standing is not None and stat.S_ISREG(standing.st_mode)
    if through_symlink and standing is not None and not keep:
        raise OSError(errno.EINVAL, "not a regular file (a device, FIFO or folder is not replaced)")
    if keep and standing is not None:
        mode = standing.st_mode & 0o777  # its permissions; never set-user-ID or sticky bits
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
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


#: A temporary file of ours older than this was left by a write that was killed (``kill -9``
#: leaves no chance to clean up): the next write to the same file removes it.
STALE_TEMP = 15 * 60


def _sweep(path: Path) -> None:
    """Remove the stale temporary files (``.NAME.*.tmp``) a killed write left beside ``path``."""
    import time

    prefix, oldest = f".{path.name}.", time.time() - STALE_TEMP
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < oldest:
                    Path(entry.path).unlink()


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
