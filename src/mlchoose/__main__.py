"""Entry point of the ``mlchoose`` command and of ``python -m mlchoose``."""

from __future__ import annotations


def main() -> None:
    from mlchoose.cli import app

    app()


if __name__ == "__main__":
    main()
