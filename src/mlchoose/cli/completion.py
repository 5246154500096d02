"""Tab completion of program names, answered before Typer, Rich, Pydantic or PyYAML load.

The installed completion scripts call ``mlchoose`` with ``_MLCHOOSE_COMPLETE`` set (Typer's
protocol). When the word being completed is a program name (``show``/``compare`` arguments),
this module answers from the validated-catalog cache, which is keyed by the catalog file's bytes
and mlchoose's version and so can never be stale. Anything else, or a catalog not cached yet, is
left to Typer, whose completion then fills the cache for next time. It follows ``--catalog``
and ``MLCHOOSE_CATALOG``.
"""

from __future__ import annotations

import itertools
import os
import shlex
from collections.abc import Mapping
from pathlib import Path

COMPLETE_VAR = "_MLCHOOSE_COMPLETE"
PROGRAM_COMMANDS = frozenset({"show", "compare", "why", "verify"})
#: Options whose next word is their value, never a program name: those of the commands above,
#: kept here so that completion loads no Typer; a test checks them against the CLI's own.
VALUE_OPTIONS = frozenset(
    {
        "--weights",
        "-w",
        "--profile",
        "-P",
        "--prefer-region",
        "-p",
        "--interests",
        "-i",
        "--format",
        "-f",
        "--catalog",
        "--timeout",
    }
)


def _split(text: str) -> list[str]:
    """shlex.split that keeps a partial last token, like click's split_arg_string."""
    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        words.extend(lex)
    except ValueError:
        words.append(lex.token)
    return words


def _words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """(arguments before the cursor, the word being completed), as Typer's shells read them."""
    if shell == "bash":
        words = _split(environ.get("COMP_WORDS", ""))
        cword = int(environ.get("COMP_CWORD", "0") or 0)
        return words[1:cword], words[cword] if cword < len(words) else ""
    if shell in ("zsh", "fish"):
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        args = _split(line)[1:]
        if args and not line.endswith(" "):
            return args[:-1], args[-1]
        return args, ""
    return None


def _format(shell: str, names: list[str]) -> str:
    if shell == "zsh":
        if not names:
            return "_files"
        quoted = "\n".join(f'"{n}"' for n in names)  # ids and aliases are [a-z0-9-] only
        return f"_arguments '*: :(({quoted}))'"
    return "\n".join(names)


def answer(environ: Mapping[str, str]) -> str | None:
    """The completion text for a program name, or None to let Typer answer."""
    shell = environ.get(COMPLETE_VAR, "").removeprefix("complete_")
    found = _words(shell, environ)
    if found is None:
        return None
    args, incomplete = found
    if not args or args[0] not in PROGRAM_COMMANDS or incomplete.startswith("-"):
        return None
    if args[-1] in VALUE_OPTIONS:
        return None
    given = [value for option, value in itertools.pairwise(args) if option == "--catalog"]
    given += [a.removeprefix("--catalog=") for a in args if a.startswith("--catalog=")]
    if not given and environ.get("MLCHOOSE_CATALOG"):
        given = environ["MLCHOOSE_CATALOG"].split(os.pathsep)  # as click splits a path list
    from mlchoose.data.catalog import cached_names

    paths = [Path(p) for p in given]
    names = cached_names(paths[0] if paths else None, paths[1:])
    if names is None:
        return None
    wanted = incomplete.lower()
    return _format(shell, [n for n in names if n.startswith(wanted)])
