"""mlchoose's entry point in a fresh interpreter, as the shell runs it, reporting what it
imported: in a short-lived command, imports are most of the cost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence


def run_main(
    args: Sequence[str], env: Mapping[str, str], watched: Iterable[str]
) -> subprocess.CompletedProcess[str]:
    """The finished run (a non-zero exit raises); the last line of its stderr lists the loaded
    modules of the ``watched`` packages, sorted ('[]' when none)."""
    code = (
        "import atexit, sys\n"
        f"watched = {tuple(watched)!r}\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in watched), file=sys.stderr))\n"
        "from mlchoose.__main__ import main\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
