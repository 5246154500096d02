"""Saved weights: ``profile list/show/save/delete`` and the ``interview`` that finds them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from mlchoose.cli.options import Choices, PreferRegionText, uses
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import ALL_CRITERIA, CRITERIA, Criterion, Region

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

TableOrJson = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
]

profile_app = typer.Typer(
    help="Saved weights: built-in career profiles and your own.", no_args_is_help=True
)


@profile_app.command("list")
def profile_list(output: TableOrJson = "table") -> None:
    """Built-in and saved profiles with their weights."""
    from mlchoose.user import profiles
    from mlchoose.views import console, records

    found = [*profiles.BUILTIN.values(), *profiles.saved()]
    good = [p for p in found if isinstance(p, profiles.Profile)]
    for problem in found:
        if not isinstance(problem, profiles.Profile):
            console.error(str(problem))

    def listing(screen: Console) -> RenderableType:
        from mlchoose.views import table

        return table.profiles(good)

    console.emit(output, data=lambda: [records.profile(p) for p in good], table=listing)
    if len(good) < len(found):
        raise typer.Exit(1)


@profile_app.command("show")
def profile_show(
    name: Annotated[str, typer.Argument(help="Profile name, e.g. research-scientist.")],
    output: TableOrJson = "table",
) -> None:
    """One profile: its weights (as given and normalised), regions, interests, rationale."""
    from mlchoose.user import profiles
    from mlchoose.views import console, records

    found = profiles.get(name)

    def one(screen: Console) -> RenderableType:
        from mlchoose.views import table

        return table.profiles([found])

    console.emit(output, data=lambda: records.profile(found), table=one)


@profile_app.command("save")
@uses("as_given")
def profile_save(
    name: Annotated[str, typer.Argument(help="A name of your own, e.g. my-shortlist.")],
    as_given: Choices,
    rationale: Annotated[
        str, typer.Option(help="Why these weights, in your words.", show_default=False)
    ] = "",
    force: Annotated[
        bool, typer.Option("--force", help="Replace a saved profile even if its file is damaged.")
    ] = False,
) -> None:
    """Save weights, preferred regions and interests under a name, for --profile NAME.

    Example: mlchoose profile save mine --profile research-scientist --weights region=3 -p west
    """
    from mlchoose.user import profiles
    from mlchoose.views import console

    if as_given.given is None:
        raise MlchooseError("give --weights or --profile to save", USAGE_ERROR)
    saved = profiles.Profile(
        profiles.check_name(name.strip().lower()),
        as_given.weights.raw,
        rationale,
        tuple(sorted(as_given.prefs.regions)),
        tuple(sorted(as_given.prefs.interests)),
    )
    replaced = saved.name in profiles.names()
    path = profiles.save(saved, force=force)
    console.write(f"{'replaced' if replaced else 'saved'} profile {saved.name!r} in {path}\n")


@profile_app.command("delete")
def profile_delete(name: Annotated[str, typer.Argument(help="A saved profile's name.")]) -> None:
    """Delete a saved profile."""
    from mlchoose.user import profiles
    from mlchoose.views import console

    path = profiles.delete(name.strip().lower())
    console.write(f"deleted {path}\n")


def interview(
    save: Annotated[
        str | None,
        typer.Option(metavar="NAME", show_default=False, help="Save the weights as this profile."),
    ] = None,
    prefer_region: PreferRegionText = None,
    method: Annotated[
        Literal["eigenvector", "geometric"],
        typer.Option(help="AHP weights from the principal eigenvector or row geometric means."),
    ] = "eigenvector",
    earnings: Annotated[
        bool,
        typer.Option(
            "--earnings",
            help="Also weigh graduate earnings (the 'outcomes' criterion): five more questions. "
            "At a terminal you are asked whether you want it.",
        ),
    ] = False,
) -> None:
    """Find your weights by answering ten pairwise questions (AHP), then save them as a profile.

    Answers can be piped: printf '3\\n-2\\n1\\n...' | mlchoose interview --save mine
    """
    from mlchoose.cli import interview as questions
    from mlchoose.core.ahp import ahp
    from mlchoose.user import profiles
    from mlchoose.user.preferences import parse_regions
    from mlchoose.views import console, text

    if sys.stdin is None:  # started with `<&-`
        raise MlchooseError("standard input is closed: the interview needs answers (pipe them in)")
    if save is not None:
        _saveable(save)  # before the questions, so no answer is asked for in vain
    regions = () if prefer_region is None else tuple(sorted(parse_regions(prefer_region).regions))
    criteria = ALL_CRITERIA if earnings or _wants_earnings() else CRITERIA
    pairs = questions.questions(criteria)
    console.write(questions.HELP + "\n")
    judgements = [_answer(number, pair, len(pairs)) for number, pair in enumerate(pairs, 1)]
    result = ahp(list(criteria), judgements, method=method)
    console.write(text.ahp(result))
    asked = save if save is not None else _ask_name()
    if asked:
        name = _saveable(asked)
        if not regions:
            regions = _ask_regions()
        weights = {c: round(w, 4) for c, w in result.weights.items()}
        if not regions and weights["region"] > 0:  # kept: a region named later applies it
            console.write(
                f"No region given: your region weight ({weights['region']:.1%}) is left out "
                f"when ranking unless you name one: mlchoose rank --profile {name} "
                "--prefer-region west (or east-coast, mid-west, ...).\n"
            )
        rationale = f"From 'mlchoose interview' (AHP, consistency ratio {result.cr:.2f})."
        saved = profiles.Profile(name, weights, rationale, regions)
        console.write(f"saved profile {saved.name!r} to {profiles.save(saved)}\n")


def _wants_earnings() -> bool:
    """At a terminal, whether graduate earnings should count (asked once; a pipe never is)."""
    if not _at_terminal():
        return False
    answer = _ask("Should graduates' earnings (federal data by field) count too? [y/N]")
    return answer.strip().lower() in ("y", "yes")


def _answer(
    number: int, pair: tuple[Criterion, Criterion], count: int
) -> tuple[Criterion, Criterion, float]:
    """One judgement, asked again at a terminal until it is a valid answer."""
    from mlchoose.cli import interview as questions
    from mlchoose.views import console

    prompt = f"{number}/{count} {questions.question(pair)}"
    while True:
        try:
            return questions.judgement(pair, _ask(prompt))
        except MlchooseError as problem:
            if not _at_terminal():
                raise  # piped answers cannot be asked again
            console.error(str(problem))


def _at_terminal() -> bool:
    """A person answers (stdin is a terminal): a wrong answer is asked again."""
    return sys.stdin.isatty()


def _ask_name() -> str | None:
    """A profile name asked for at a terminal (empty: do not save); None from a pipe."""
    from mlchoose.views import console

    if not _at_terminal() or not typer.confirm("Save these weights as a profile?"):
        return None
    while True:  # yes/no first, so that 'y' is never taken as a name
        answer = typer.prompt("Profile name (empty: do not save)", default="", show_default=False)
        if not answer.strip():
            return None
        try:
            return _saveable(answer)
        except MlchooseError as problem:
            console.error(str(problem))


def _ask_regions() -> tuple[Region, ...]:
    """Which regions the region weight is about (empty, or no more piped answers: none)."""
    from mlchoose.user.preferences import parse_regions

    prompt = "Which regions would you like to live in? e.g. west,east-coast (empty: none)"
    while True:
        try:
            if sys.stdin.isatty():
                answer = str(typer.prompt(prompt, default="", show_default=False))
            else:
                from mlchoose.cli.interview import read_answer

                answer = read_answer(f"{prompt}: ")
        except (typer.Abort, EOFError):
            return ()
        if not answer.strip():
            return ()
        try:
            return tuple(sorted(parse_regions(answer).regions))
        except MlchooseError as problem:
            if not _at_terminal():
                raise
            from mlchoose.views import console

            console.error(str(problem))


def _saveable(name: str) -> str:
    """A profile name that can be saved: well formed and not a built-in one."""
    from mlchoose.user import profiles

    key = profiles.check_name(name.strip().lower())
    if key in profiles.BUILTIN:
        raise MlchooseError(f"{key!r} is a built-in profile; choose another name", USAGE_ERROR)
    return key


def _ask(prompt: str) -> str:
    """One answer from the terminal or a pipe; running out of answers is a clear error."""
    if not sys.stdin.isatty():  # a pipe: a bounded read, and Ctrl-C is not "out of answers"
        from mlchoose.cli.interview import read_answer

        try:
            return read_answer(f"{prompt}\n> ")
        except EOFError:
            message = "the interview ran out of answers (it asks 10 questions)"
            raise MlchooseError(message, USAGE_ERROR) from None
    try:
        return str(typer.prompt(prompt, prompt_suffix="\n> "))
    except typer.Abort:
        if not _at_terminal():
            raise MlchooseError(
                "the interview ran out of answers (it asks 10 questions)", USAGE_ERROR
            ) from None
        raise
