"""Measure mlchoose against the references of the performance issue, side by side.

    python benchmarks/run.py [--pairs 9] [--only startup,completion,robust,scale,commands]
        [--sizes 100,1000,10000] [--rounds 3] [--src DIR]

Each measured command alternates with its reference (after one warm-up pair), so that both see
the same machine noise; the verdict uses the median of the per-pair ratios. Time is wall time of
the whole process, output goes to a pipe, peak memory is the child's max RSS (``wait4``).

``commands`` (issue 20) times every command of the issue's table on synthetic catalogs of each
size, warm cache, with the peak memory of each run; ``--src`` runs another source tree (e.g. an
older version exported with ``git archive``) for a before/after table.

References: R1 = benchmarks/floor_app.py (Typer + Rich with ``rank``'s options and table),
R2 = ``python -c "import typer"``, R3 = loading the same YAML file with PyYAML's CSafeLoader.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SCRIPT = Path(PYTHON).with_name("mlchoose")
MLCHOOSE = [str(SCRIPT)] if SCRIPT.exists() else [PYTHON, "-m", "mlchoose"]
#: Imported (not run as a script) so that R1, like mlchoose, starts from compiled bytecode.
R1 = [PYTHON, "-c", "import sys; sys.argv[1:] = ['rank']; from floor_app import app; app()"]
R2 = [PYTHON, "-c", "import typer"]


def r3(path: Path) -> list[str]:
    code = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
    return [PYTHON, "-c", code, str(path)]


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one run; its output goes to a pipe that is drained."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err.decode()[-300:]}")
    return elapsed, usage.ru_maxrss / 1024


def try_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float] | None:
    """``run_once``, or None (with the error printed) when the command fails."""
    try:
        return run_once(argv, env)
    except SystemExit as problem:
        print(f"  {str(problem)[:200]}")
        return None


def pairs(
    name: str,
    command: list[str],
    reference: list[str],
    env: dict[str, str],
    count: int,
    target: float,
    before: list[str] | None = None,
) -> bool:
    """Alternate ``command`` and ``reference``; print medians and the median ratio."""
    run_once(command, env)
    run_once(reference, env)
    times, refs, ratios = [], [], []
    for _ in range(count):
        if before:
            run_once(before, env)
        t, _ = run_once(command, env)
        r, _ = run_once(reference, env)
        times.append(t)
        refs.append(r)
        ratios.append(t / r)
    ratio = statistics.median(ratios)
    verdict = "met" if ratio <= target else "NOT met"
    took, ref = 1e3 * statistics.median(times), 1e3 * statistics.median(refs)
    print(
        f"{name:<44} {took:8.1f} ms  ref {ref:8.1f} ms"
        f"  ratio {ratio:5.2f} (target <= {target:.2f}) {verdict}"
    )
    return ratio <= target


#: Start-up targets against R1. Issue 20 keeps a margin below the first targets (1.10 x for
#: every command, 1.5 x for ``rank --robust``), where noise decided whether they held: ``rank``
#: at most 1.05 x and ``rank --robust`` at most 1.4 x.
STARTUP = {("rank",): 1.05, ("show", "cmu"): 1.10, ("compare", "stanford", "berkeley"): 1.10}
ROBUST = 1.4


def startup(env: dict[str, str], count: int) -> bool:
    ok = True
    for args, target in STARTUP.items():
        ok &= pairs(f"mlchoose {' '.join(args)} vs R1", [*MLCHOOSE, *args], R1, env, count, target)
    return ok


def completion(env: dict[str, str], count: int) -> bool:
    comp = {
        **env,
        "_MLCHOOSE_COMPLETE": "complete_bash",
        "COMP_WORDS": "mlchoose show st",
        "COMP_CWORD": "2",
    }
    out = subprocess.run(MLCHOOSE, env=comp, capture_output=True, text=True, check=True).stdout
    print(f"completion answer for 'mlchoose show st': {out.split()}")
    return pairs("completion of 'mlchoose show st<TAB>' vs R2", MLCHOOSE, R2, comp, count, 1.20)


def robust(env: dict[str, str], count: int) -> bool:
    argv = [*MLCHOOSE, "rank", "--robust", "--samples", "10000", "--seed", "1"]
    probe = subprocess.run(argv, env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"rank --robust: not available ({probe.stderr.strip()[:80]})")
        return False
    return pairs("rank --robust --samples 10000 vs R1", argv, R1, env, count, ROBUST)


SIZES = (100, 1_000, 10_000)


def scale(env: dict[str, str], count: int) -> bool:
    """Target 4. Every round runs each size once (first run, cached run, R3), so that all sizes
    see the same machine phase: the growth 1,000 -> 10,000 is a ratio of runs made close in time,
    as the per-pair ratios above are (a long benchmark drifts with the machine)."""
    folder = Path(tempfile.mkdtemp(prefix="mlchoose-bench-"))
    paths = {size: folder / f"big-{size}.yaml" for size in SIZES}
    for size, path in paths.items():
        # Written by a child process: a child forked from a big parent would report the
        # parent's pages in its peak memory.
        maker = [PYTHON, str(HERE / "make_catalog.py"), str(size), str(path)]
        subprocess.run(maker, check=True, env=env)
    runs: dict[int, dict[str, list[float]]] = {size: {} for size in SIZES}
    growths: list[float] = []
    for _ in range(max(3, count // 3)):
        for size in SIZES:
            cache = folder / f"cache-{size}"
            argv = [*MLCHOOSE, "rank", "--format", "json", "--catalog", str(paths[size])]
            cold_env = {**env, "MLCHOOSE_CACHE_DIR": str(cache)}
            shutil.rmtree(cache, ignore_errors=True)
            measured = [run_once(argv, cold_env), run_once(argv, cold_env)]
            measured.append(run_once(r3(paths[size]), env))
            for name, (seconds, peak) in zip(("first", "cached", "ref"), measured, strict=True):
                runs[size].setdefault(name, []).append(seconds)
                runs[size].setdefault(name + " peak", []).append(peak)
        growths.append(runs[10_000]["first"][-1] / runs[1_000]["first"][-1])
    ok = True
    for size in SIZES:
        first, warm = (
            statistics.median(runs[size]["first"]),
            statistics.median(runs[size]["cached"]),
        )
        ref, ref_peak = (
            statistics.median(runs[size]["ref"]),
            statistics.median(runs[size]["ref peak"]),
        )
        peak, warm_peak = max(runs[size]["first peak"]), max(runs[size]["cached peak"])
        print(
            f"catalog of {size:>6} programs: first {first:6.2f} s "
            f"({first / ref:4.2f} x R3 {ref:5.2f} s), peak {peak:6.0f} MB "
            f"({peak / ref_peak:4.2f} x R3 {ref_peak:4.0f} MB); "
            f"cached {warm:5.2f} s, peak {warm_peak:4.0f} MB"
        )
        if size == 10_000:
            ok &= first <= 1.5 * ref and peak <= 1.5 * ref_peak
            ok &= warm < 1.0 and warm_peak < 250
    growth = statistics.median(growths)
    shown = ", ".join(f"{g:.1f}" for g in growths)
    print(
        f"growth 1,000 -> 10,000 programs (first run): {growth:.1f} x (target <= 12); "
        f"per round {shown}"
    )
    shutil.rmtree(folder, ignore_errors=True)
    return ok and growth <= 12


#: (label, arguments, target seconds or None, target MB or None) at 10,000 programs. The robust
#: figures use JSON so that they measure the sampling, not the table (a separate row).
COMMANDS: tuple[tuple[str, tuple[str, ...], float | None, float | None], ...] = (
    ("rank --format json", ("rank", "--format", "json"), None, None),
    ("rank (table)", ("rank",), None, None),
    (
        "rank --robust --format json",
        ("rank", "--robust", "--samples", "10000", "--format", "json"),
        10.0,
        500.0,
    ),
    ("rank --robust (table)", ("rank", "--robust", "--samples", "10000"), None, None),
    (
        "rank --robust --unknowns --format json",
        ("rank", "--robust", "--unknowns", "--format", "json"),
        None,
        None,
    ),
    (
        "rank --robust --samples 1000 --format json",
        ("rank", "--robust", "--samples", "1000", "--format", "json"),
        None,
        None,
    ),
    (
        "report --top 10 --out top10.html",
        ("report", "--top", "10", "--out", "{out}/top10.html"),
        3.0,
        None,
    ),
    (
        "report --top 5 --out top5.html",
        ("report", "--top", "5", "--out", "{out}/top5.html"),
        None,
        None,
    ),
    ("report --out big.md", ("report", "--out", "{out}/big.md"), None, None),
    ("show {a}", ("show", "{a}"), 1.0, None),
    ("compare {a} {b}", ("compare", "{a}", "{b}"), 1.0, None),
    ("why {a} {b}", ("why", "{a}", "{b}"), 1.0, None),
    ("list", ("list",), 1.0, None),
)


def commands(
    env: dict[str, str],
    rounds: int,
    sizes: Sequence[int],
    src: str | None,
    skip: Sequence[str] = (),
) -> bool:
    """Issue 20: every command on 100 / 1,000 / 10,000 programs, warm cache; median seconds
    and the largest peak RSS (``wait4``, from outside the process) over ``rounds`` runs."""
    folder = Path(tempfile.mkdtemp(prefix="mlchoose-bench-cmds-"))
    program = MLCHOOSE
    if src is not None:
        env = {**env, "PYTHONPATH": os.pathsep.join([src, env.get("PYTHONPATH", "")])}
        program = [PYTHON, "-m", "mlchoose"]
    ok = True
    print(f"{'command':<46} {'programs':>8} {'median s':>9} {'peak MB':>8}  target")
    for size in sizes:
        path = folder / f"big-{size}.yaml"
        maker = [PYTHON, str(HERE / "make_catalog.py"), str(size), str(path)]
        subprocess.run(maker, check=True, env=env)
        ids = subprocess.run(
            [PYTHON, str(HERE / "make_catalog.py"), "--ids", str(size)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout.split()
        here = {**env, "MLCHOOSE_CACHE_DIR": str(folder / f"cache-{size}")}
        warm = [*program, "rank", "--format", "json", "--catalog", str(path)]
        run_once(warm, here)  # builds the cache: every figure below is a warm-cache run
        for label, args, seconds, megabytes in COMMANDS:
            if any(f"{label}@{size}" == s or label == s for s in skip):
                continue
            filled = [a.format(out=folder, a=ids[0], b=ids[1]) for a in args]
            argv = [*program, *filled, "--catalog", str(path)]
            measured = [try_once(argv, here) for _ in range(rounds)]
            if any(m is None for m in measured):
                print(f"{label.format(a='A', b='B'):<46} {size:>8}    failed")
                continue
            took = statistics.median(m[0] for m in measured if m is not None)
            peak = max(m[1] for m in measured if m is not None)
            verdict = ""
            if size == 10_000 and (seconds is not None or megabytes is not None):
                met = (seconds is None or took <= seconds) and (
                    megabytes is None or peak <= megabytes
                )
                limits = " and ".join(
                    t
                    for t in (
                        None if seconds is None else f"<= {seconds:g} s",
                        None if megabytes is None else f"<= {megabytes:g} MB",
                    )
                    if t
                )
                verdict = f"{limits}: {'met' if met else 'NOT met'}"
                ok &= met
            print(f"{label.format(a='A', b='B'):<46} {size:>8} {took:9.2f} {peak:8.0f}  {verdict}")
    shutil.rmtree(folder, ignore_errors=True)
    return ok


def compile_package() -> None:
    """Write mlchoose's bytecode first, as pip does on install: an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile every module at every start."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("mlchoose")
    assert spec is not None and spec.origin is not None
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)
    compileall.compile_dir(HERE, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--only", default="startup,completion,robust,scale,commands")
    parser.add_argument("--sizes", default="100,1000,10000", help="catalog sizes for commands")
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure for commands")
    parser.add_argument("--src", help="source tree to run instead of the installed mlchoose")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="a command label to leave out (LABEL or LABEL@SIZE), e.g. for a slow old version",
    )
    options = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("MLCHOOSE_CATALOG", None)
    env["MLCHOOSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mlchoose-bench-cache-")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(
        f"{machine}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, {options.pairs} pairs per figure"
    )
    sys.path.insert(0, str(HERE))
    compile_package()
    sizes = [int(size) for size in options.sizes.split(",")]
    checks: dict[str, Callable[[dict[str, str], int], bool]] = {
        "startup": startup,
        "completion": completion,
        "robust": robust,
        "scale": scale,
        "commands": lambda env, _: commands(env, options.rounds, sizes, options.src, options.skip),
    }
    verdicts = {name: checks[name](env, options.pairs) for name in options.only.split(",")}
    print("targets met:", ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in verdicts.items()))


if __name__ == "__main__":
    main()
