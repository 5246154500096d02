"""Rewrite the golden outputs after an intended change of output: python tests/golden/regen.py."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.test_golden import command_lines, run  # noqa: E402

if __name__ == "__main__":
    for number, argv in command_lines():
        (HERE / f"{number:02d}.out").write_text(run(argv), encoding="utf-8")
