"""Entry point of the ``mlchoose`` command and of ``python -m mlchoose``."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # One short process that builds large acyclic data (a 10,000-program catalog is millions of
    # dicts, lists and strings): CPython's cycle collector would walk it again and again, for a
    # third of a cached big `rank` and 40 % of a first one, and find nothing to free. Memory is
    # unchanged (benchmarks/RESULTS.md); the process ends and returns everything.
    gc.disable()
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


if __name__ == "__main__":
    main()
