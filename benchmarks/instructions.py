"""Issue 29's start-up table counted in instructions (callgrind), which no other load can move.

    python benchmarks/instructions.py [--before /tmp/base/src]

Wall time on a shared two-core machine moves a ratio by +-0.08 between runs; the number of
instructions a run executes moves by well under 1 %. Each command of ``run.py``'s ISSUE29 table,
R4 and R1 run once under ``valgrind --tool=callgrind`` (warm cache, bytecode compiled,
``PYTHONHASHSEED=0``, output to a pipe, ``NO_COLOR=1``, ``COLUMNS=80``), "before" with its
source tree first on ``PYTHONPATH``. Needs valgrind (``apt install valgrind``).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import ISSUE29, LAUNCH, PYTHON, R1, R4, compile_package  # noqa: E402

COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one run executes, from callgrind's summary line."""
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=env,
        capture_output=True,
        text=True,
    )
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no callgrind count for {argv}: {done.stderr[-300:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the source tree (its src) of the 'before' side")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "PYTHONHASHSEED": "0"}
    env.pop("MLCHOOSE_CATALOG", None)
    env["MLCHOOSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mlchoose-bench-cache-")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    compile_package()
    trees = {"after": env}
    if options.before:
        compileall.compile_dir(options.before, quiet=1)
        path = f"{options.before}{os.pathsep}{env['PYTHONPATH']}"
        trees = {"before": {**env, "PYTHONPATH": path}}
        trees["after"] = env
    floor, first = instructions(R4, env), instructions(R1, env)
    print(f"R4 {floor / 1e6:,.0f} M, R1 {first / 1e6:,.0f} M instructions")
    print(
        "| command | "
        + " | ".join(f"{t} (M)" for t in trees)
        + " | "
        + " | ".join(f"{t} / R4" for t in trees)
        + " | target | after / R1 |"
    )
    print("| --- |" + " ---: |" * (2 * len(trees) + 2))
    for label, args, target in ISSUE29:
        counts = {t: instructions([PYTHON, "-c", LAUNCH, *args], e) for t, e in trees.items()}
        after = counts["after"] / floor
        cells = [f"{c / 1e6:,.0f}" for c in counts.values()]
        cells += [f"{c / floor:.2f}" for c in counts.values()]
        cells.append(f"<= {target:.2f} {'met' if after <= target else 'NOT met'}")
        cells.append(f"{counts['after'] / first:.2f}")
        print(f"| `{label}` | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
