"""The one error type users see (the CLI turns it into ``Error: ...`` and an exit code), and
the one ending that is no error: the reader of the output went away."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

#: Exit code for bad data (catalog, weights file): the command line itself was fine.
DATA_ERROR = 1
#: Exit code for a bad command line, following click's convention for usage errors.
USAGE_ERROR = 2


class MlchooseError(Exception):
    """A problem the user can fix: a one-line message, its exit code and, for a bad option
    value, the option's name. Messages may hold ``{option}`` placeholders the CLI spells."""

    def __init__(
        self, message: str, exit_code: int = DATA_ERROR, *, option: str | None = None
    ) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        #: The option (by its query name, e.g. ``top``) whose value is wrong: the CLI names it
        #: as the user typed it, so the core never spells a flag.
        self.option = option


class OutputClosed(Exception):
    """The reader of stdout closed it (``mlchoose rank | head -1``): it had what it wanted, so
    the CLI ends quietly with exit 0, whichever write met the closed pipe."""


def unknown_name(
    kind: str, name: str, choices: Iterable[str], synonyms: Mapping[str, str] | None = None
) -> MlchooseError:
    """A usage error for a name that is not among ``choices``, with "did you mean ...?".

    A typo may be nearest a synonym (``curicula``): it is matched, but the suggestion is the
    name it stands for, once."""
    synonyms = synonyms or {}
    names = sorted(set(choices))
    options = sorted({*names, *synonyms})
    typed = name.lower()
    starting = [o for o in options if o.startswith(typed)] if typed else []
    matched = starting or difflib.get_close_matches(typed, options, n=6, cutoff=0.6)
    close = list(dict.fromkeys(synonyms.get(m, m) for m in matched))[:3]
    if close:
        hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        hint = f"choose from: {shown}"
    return MlchooseError(f"unknown {kind} {name!r}; {hint}", USAGE_ERROR)
