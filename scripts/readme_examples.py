"""Refresh the README's printed examples from the current output (tests/test_readme_excerpt.py
checks them): python scripts/readme_examples.py"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from mlchoose.cli.app import app

README = Path(__file__).resolve().parents[1] / "README.md"
#: The examples printed under "$ mlchoose COMMAND", with the width they are shown at.
EXAMPLES = (
    ("rank --stem --max-cost 70000 --facts cost,stem,earnings --top 6", 100),
    ("rank --international --max-cost 70000 --top 4", 100),
)


def output(argv: list[str], columns: int, *, stdout_only: bool = False) -> str:
    result = CliRunner().invoke(app, argv, env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    text = result.stdout if stdout_only else result.output
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"an 80-column terminal\):\n\n```text\n(.*?)```", text, re.S)
    assert found, "the default excerpt moved"
    count = len(found.group(1).splitlines())
    excerpt = "".join(output(["rank"], 80, stdout_only=True).splitlines(keepends=True)[:count])
    text = text[: found.start(1)] + excerpt + text[found.end(1) :]
    for command, columns in EXAMPLES:
        head = re.escape(f"$ mlchoose {command}\n```\n\n```text\n")
        found = re.search(head + r"(.*?)```", text, re.S)
        assert found, f"the example of {command!r} moved"
        text = text[: found.start(1)] + output(command.split(), columns) + text[found.end(1) :]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
