"""The Typer app: the command group, the one error policy, and the list of commands.

Each command lives in the module of its family (rank, explore, report, catalog, profile) and
parses, calls one core function and hands the result to one view. All user-facing failures
surface as ``Error: ...`` on stderr with a non-zero exit code, caught in :meth:`_Group.main`;
set MLCHOOSE_DEBUG=1 to see a traceback instead.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Context, HelpFormatter, Parameter
from typer.core import TyperCommand, TyperGroup, TyperOption

from mlchoose import __version__
from mlchoose.cli.options import flag, phrase
from mlchoose.errors import MlchooseError, OutputClosed

DEBUG_ENV = "MLCHOOSE_DEBUG"


#: Option names that still work but are left out of ``--help`` (old spellings).
HIDDEN_ALIASES = frozenset({"--max-tuition"})


@contextlib.contextmanager
def _plain_help(params: Iterable[Parameter]) -> Iterator[None]:
    """While help is written: a switch shows no value (``--online``, not ``--online <bool>``;
    Typer's rich help prints a type for every option, its own --help included), and an old
    alias is left out so the option's name is never cut (``--max-cost,--max-tuit…``)."""
    saved: list[tuple[TyperOption, str | None, list[str]]] = []
    for param in params:
        if isinstance(param, TyperOption):
            saved.append((param, param.metavar, param.opts))
            if param.is_flag and param.metavar is None:
                param.metavar = ""
            shown = [o for o in param.opts if o not in HIDDEN_ALIASES]
            param.opts = shown or param.opts
    try:
        yield
    finally:
        for param, metavar, opts in saved:
            param.metavar, param.opts = metavar, opts


class _Command(TyperCommand):
    """A command whose help lists switches bare and old aliases not at all."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        with _plain_help(self.get_params(ctx)):
            super().format_help(ctx, formatter)


class _HelpGroup(TyperGroup):
    """A command group whose help lists switches bare, like :class:`_Command`."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        with _plain_help(self.get_params(ctx)):
            super().format_help(ctx, formatter)


class _Group(_HelpGroup):
    """Turns every error into one line on stderr and an exit code, in one place."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        from mlchoose.views.console import error

        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except (OutputClosed, BrokenPipeError):  # the views' closed pipe, or one that bypassed them
            _quiet_broken_pipe()
            code = 0
        except SystemExit as stop:
            # Rich's own consoles (Typer's --help) exit 1 on a closed pipe, after pointing
            # stdout at /dev/null: that is a reader gone away, like any other closed pipe.
            if stop.code != 1 or not _stdout_is_devnull():
                raise
            code = 0
        except MlchooseError as problem:
            error(_phrased(problem))
            code = problem.exit_code
        except typer.Abort:
            error("aborted")
            code = 130
        except typer.TyperException as problem:  # click's usage errors
            message = " ".join(getattr(problem, "format_message", problem.__str__)().split())
            code = getattr(problem, "exit_code", 2)
            if message:  # no message: help was shown for a bare command, which is no error
                error(message.replace("Value error, ", "") + _usage_hint(problem))
            else:
                code = 0
        except KeyboardInterrupt:
            error("aborted")
            code = 130
        except OSError as problem:
            if os.environ.get(DEBUG_ENV):
                raise
            else:
                error(f"cannot write or read a file: {problem.strerror or problem}")
                code = 1
        except Exception as problem:
            if os.environ.get(DEBUG_ENV):
                raise
            error(
                f"internal error ({type(problem).__name__}: {problem}); "
                f"set {DEBUG_ENV}=1 to see the traceback"
            )
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


def _phrased(problem: MlchooseError) -> str:
    """The core's message with the option it names spelled as the user typed it."""
    message = phrase(str(problem))
    return f"{flag(problem.option)} {message}" if problem.option else message


def _usage_hint(problem: Exception) -> str:
    ctx = getattr(problem, "ctx", None)
    return f" (see '{ctx.command_path} --help')" if ctx is not None else ""


def _stdout_is_devnull() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), Path(os.devnull).stat())
    except (OSError, ValueError):
        return False


def _quiet_broken_pipe() -> None:
    """The reader went away (``mlchoose rank | head -1``): stop without a trace."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


SETTINGS: dict[str, Any] = {
    "cls": _Group,
    "name": "mlchoose",
    "help": "Choose a master's program in machine learning: a sourced catalog, scores you can "
    "check, and your own weights.\n\nStart with [bold]mlchoose rank[/bold], then "
    "[bold]mlchoose show cmu[/bold] and [bold]mlchoose compare stanford berkeley[/bold].",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": "rich",
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
#: The command list: name, module of mlchoose.cli, function; the three main commands first, as
#: `mlchoose --help` shows them. A module is imported only when one of its commands is built.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("rank", "rank", "rank"),
    ("show", "explore", "show"),
    ("compare", "explore", "compare"),
    ("why", "explore", "why"),
    ("report", "report", "report"),
    ("list", "catalog", "list_programs"),
    ("validate", "catalog", "validate"),
    ("stats", "catalog", "stats"),
    ("schema", "catalog", "schema"),
    ("verify", "verify", "verify"),
    ("profile", "profile", "profile_app"),  # a group of commands
    ("interview", "profile", "interview"),
)


def _typer(commands: Iterable[tuple[str, str, str]]) -> typer.Typer:
    """An app with the callback (``--version``) and the given entries of :data:`COMMANDS`."""
    import importlib

    built = typer.Typer(**SETTINGS)
    built.callback()(_main)
    for name, module, attribute in commands:
        found = getattr(importlib.import_module(f"mlchoose.cli.{module}"), attribute)
        if isinstance(found, typer.Typer):
            for info in found.registered_commands:  # their help reads like every other
                if info.cls in (None, TyperCommand):
                    info.cls = _Command
            built.add_typer(found, name=name, cls=_HelpGroup)
        else:
            built.command(name, cls=_Command)(found)
    return built


@functools.cache
def _whole() -> typer.Typer:
    return _typer(COMMANDS)


def __getattr__(name: str) -> Any:
    """``app``, the whole app, built on first use (PEP 562): the ``mlchoose`` command builds
    only the command it runs (:func:`app_for`), so a command's module is imported only when
    that command, help or a test needs it."""
    if name == "app":
        return _whole()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The app with only the command ``argv`` names, or the whole app when it names none.

    Typer turns every command's options into click parameters at start-up, ~10 ms for all of
    mlchoose's commands (measured; see benchmarks/), and importing every command's module
    costs a few more; running one command needs only its own. Help, errors and results are
    the same, since the command is the same function.
    """
    name = next((a for a in argv if not a.startswith("-")), None)
    named = [entry for entry in COMMANDS if entry[0] == name]
    return _typer(named) if named else _whole()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlchoose {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Choose a master's program in machine learning."""
