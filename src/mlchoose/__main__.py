"""Entry point of the ``mlchoose`` command and of ``python -m mlchoose``."""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def main() -> None:
    # One short process that builds large acyclic data (a 10,000-program catalog is millions of
    # dicts, lists and strings): CPython's cycle collector would walk it again and again, for a
    # third of a cached big `rank` and 40 % of a first one, and find nothing to free. Memory is
    # unchanged (benchmarks/RESULTS.md); the process ends and returns everything.
    gc.disable()
    if sys.stdout is None or sys.stderr is None:  # started with `>&-`: say so, never run blind
        with contextlib.suppress(OSError):
            os.write(2, b"Error: standard output is closed: nothing can be printed\n")
        sys.exit(1)
    _exit_on_signals()
    # NumPy's matrix products here are tiny (a few criteria): BLAS threads only cost start-up
    # and contention (measured: --robust on 10,000 programs 0.9 s faster single-threaded).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if os.environ.get("_MLCHOOSE_COMPLETE"):
        from mlchoose.cli.completion import answer

        try:
            text = answer(os.environ)
        except Exception:  # a completion must never print a trace; Typer may still answer
            text = None
        if text is not None:
            sys.stdout.write(text)
            return
    from mlchoose.cli.app import app_for

    app_for(sys.argv[1:])(prog_name="mlchoose")


def _exit_on_signals() -> None:
    """SIGTERM and SIGHUP end mlchoose like Ctrl-C: through every ``finally`` and cleanup (an
    atomic write removes its temporary file), with the shell's 128 + signal exit code."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


if __name__ == "__main__":
    main()
