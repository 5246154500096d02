"""Entry point of the ``mlchoose`` command and of ``python -m mlchoose``."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if os.environ.get("_MLCHOOSE_COMPLETE"):
        from mlchoose.completion import answer

        try:
            text = answer(os.environ)
        except Exception:  # a completion must never print a trace; Typer may still answer
            text = None
        if text is not None:
            sys.stdout.write(text)
            return
    from mlchoose.cli import app_for

    app_for(sys.argv[1:])(prog_name="mlchoose")


if __name__ == "__main__":
    main()
