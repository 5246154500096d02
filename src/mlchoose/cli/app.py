"""The Typer app: parse the command line, call one core function, hand the result to one view.

All user-facing failures surface as ``Error: ...`` on stderr with a non-zero exit code, caught in
:meth:`_Group.main`; set MLCHOOSE_DEBUG=1 to see a traceback instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from mlchoose import __version__
from mlchoose.errors import USAGE_ERROR, MlchooseError, OutputClosed
from mlchoose.vocab import (
    CRITERIA,
    ROBUST_CONCENTRATION,
    ROBUST_MAX_SAMPLES,
    ROBUST_SAMPLES,
    ROBUST_SEED,
    Delivery,
)

if TYPE_CHECKING:
    from mlchoose.core.filters import Filter
    from mlchoose.data.models import Catalog
    from mlchoose.data.preferences import Preferences, Weights

DEBUG_ENV = "MLCHOOSE_DEBUG"


class _Group(TyperGroup):
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
        except MlchooseError as problem:
            error(str(problem))
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


def _usage_hint(problem: Exception) -> str:
    ctx = getattr(problem, "ctx", None)
    return f" (see '{ctx.command_path} --help')" if ctx is not None else ""


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
app = typer.Typer(**SETTINGS)


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The app with only the command ``argv`` names, or the whole app when it names none.

    Typer turns every command's options into click parameters at start-up, ~10 ms for all of
    mlchoose's commands (measured; see benchmarks/); running one command needs only its own.
    Help, errors and results are the same, since the command is the same object.
    """
    name = next((a for a in argv if not a.startswith("-")), None)
    commands = [c for c in app.registered_commands if _name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = typer.Typer(**SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands = commands
    one.registered_groups = groups
    return one


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))


def _complete_program(ctx: typer.Context, incomplete: str) -> list[str]:
    """Program names for Typer's own completion (the fast path answers most Tabs first)."""
    from mlchoose.data import catalog

    paths = ctx.params.get("catalog_path") or []
    try:
        programs = (catalog.load(paths[0], paths[1:]) if paths else catalog.load())["programs"]
    except MlchooseError:
        return []
    names = (n for p in programs for n in catalog.names(p))
    return [n for n in names if n.startswith(incomplete.lower())]


CatalogOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        envvar="MLCHOOSE_CATALOG",
        metavar="FILE",
        show_default=False,
        help="Use this catalog file instead of the built-in one, e.g. --catalog my-programs.yaml; "
        "give it again to lay overlay files over it (see README, 'Your own data').",
    ),
]
WeightsOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME=N,...|FILE",
        show_default=False,
        help="Criterion weights as NAME=NUMBER pairs, e.g. faculty=5,industry=3 (unnamed criteria "
        "weigh 1), or a YAML file of them. Criteria: curriculum, specializations, faculty, "
        "industry, region.",
    ),
]
PreferRegionOption = Annotated[
    str | None,
    typer.Option(
        "--prefer-region",
        "-p",
        metavar="REGIONS",
        show_default=False,
        help="Regions you would like to live in, e.g. west,northeast (also east-coast, west-coast, "
        "mid-west). Without it the region criterion is neutral.",
    ),
]
InterestsOption = Annotated[
    str | None,
    typer.Option(
        "--interests",
        "-i",
        metavar="TOPICS",
        show_default=False,
        help="Topics you care about, e.g. nlp,robotics: they weigh in the curriculum and "
        "specializations scores (see 'show').",
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-P",
        metavar="NAME",
        show_default=False,
        help="Start from a profile's weights: ml-engineer, data-scientist, research-scientist, "
        "entrepreneur, or one you saved ('mlchoose profile list'); --weights adjusts it.",
    ),
]


RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        metavar="REGIONS",
        show_default=False,
        help="Only programs in these regions, e.g. --region midwest,west.",
    ),
]
DeliveryOption = Annotated[
    Delivery | None,
    typer.Option(
        show_default=False, help="Only programs offered this way, e.g. --delivery online."
    ),
]
OnlineOption = Annotated[bool, typer.Option("--online", help="Same as --delivery online.")]
MaxCostOption = Annotated[
    float | None,
    typer.Option(
        "--max-cost",
        "--max-tuition",
        min=0,
        metavar="USD",
        show_default=False,
        help="Only programs whose total cost (tuition and fees for the whole degree, see "
        "'show') is at most this, e.g. --max-cost 60000.",
    ),
]
MaxMonthsOption = Annotated[
    int | None,
    typer.Option(
        min=1, metavar="N", show_default=False, help="Only programs that take at most N months."
    ),
]
StemOption = Annotated[bool, typer.Option("--stem", help="Only STEM-designated programs.")]
NoGreOption = Annotated[
    bool, typer.Option("--no-gre", help="Only programs that do not require the GRE.")
]
PartTimeOption = Annotated[
    bool, typer.Option("--part-time", help="Only programs that can be taken part-time.")
]
KeepUnknownOption = Annotated[
    bool,
    typer.Option(
        "--keep-unknown",
        help="Keep programs whose filtered fact is unknown (they are dropped by default).",
    ),
]


def _filters(
    region: str | None,
    delivery: Delivery | None,
    online: bool,
    max_cost: float | None,
    max_months: int | None,
    stem: bool,
    no_gre: bool,
    part_time: bool,
) -> list[Filter]:
    """The fact filters the options ask for, in the order they were described."""
    from mlchoose.core import filters
    from mlchoose.data.preferences import parse_regions

    chosen: list[Filter] = []
    if region is not None:
        chosen.append(filters.in_regions(parse_regions(region).regions))
    modes: list[Delivery] = [delivery] if delivery else []
    if online and "online" not in modes:
        modes.append("online")
    chosen += [filters.delivered(mode) for mode in modes]
    if max_cost is not None:
        chosen.append(filters.max_cost(max_cost))
    if max_months is not None:
        chosen.append(filters.max_months(max_months))
    chosen += [
        f()
        for flag, f in (
            (stem, filters.stem),
            (no_gre, filters.no_gre),
            (part_time, filters.part_time),
        )
        if flag
    ]
    return chosen


def _fact_columns(text: str) -> list[str]:
    from mlchoose.errors import unknown_name
    from mlchoose.views.facts import FACT_COLUMNS

    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in FACT_COLUMNS:
            raise unknown_name("fact column", name, FACT_COLUMNS)
    return names


def _inputs(
    weights: str | None,
    prefer_region: str | None,
    interests: str | None = None,
    profile: str | None = None,
) -> tuple[Weights, Preferences]:
    from mlchoose.data.profiles import choices

    return choices(weights, prefer_region, interests, profile)


def _catalog(paths: list[Path] | None, *, slim: bool = False) -> Catalog:
    from mlchoose.data import catalog

    return catalog.load(paths[0], paths[1:], slim=slim) if paths else catalog.load(slim=slim)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlchoose {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Choose a master's program in machine learning."""


@app.command()
def rank(
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
    region: RegionOption = None,
    delivery: DeliveryOption = None,
    online: OnlineOption = False,
    max_cost: MaxCostOption = None,
    max_months: MaxMonthsOption = None,
    stem: StemOption = False,
    no_gre: NoGreOption = False,
    part_time: PartTimeOption = False,
    keep_unknown: KeepUnknownOption = False,
    fact_columns: Annotated[
        str | None,
        typer.Option(
            "--facts",
            metavar="NAMES",
            show_default=False,
            help="Fact columns to add to the table, e.g. --facts cost,months,stem (also credits, "
            "delivery, gre, deadline, part-time). Default: cost on wide terminals.",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=1,
            metavar="N",
            show_default=False,
            help="Show only the best N, e.g. --top 5.",
        ),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            help="Also show how sure the order is: ranks under many weights drawn around yours.",
        ),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(
            min=100, max=ROBUST_MAX_SAMPLES, metavar="N", help="Weight samples for --robust."
        ),
    ] = ROBUST_SAMPLES,
    seed: Annotated[
        int,
        typer.Option(min=0, metavar="S", help="Random seed for --robust: same seed, same output."),
    ] = ROBUST_SEED,
    concentration: Annotated[
        float,
        typer.Option(
            min=0.1,
            max=10_000,
            metavar="C",
            help="How closely --robust samples stay around your weights (Dirichlet concentration).",
        ),
    ] = ROBUST_CONCENTRATION,
    unknowns: Annotated[
        bool,
        typer.Option(
            "--unknowns",
            help="With --robust, also treat unknown scores as uncertain and say which unknown "
            "fact could change the first place.",
        ),
    ] = False,
    pareto: Annotated[
        bool,
        typer.Option("--pareto", help="Show only programs no other program dominates."),
    ] = False,
    output: Annotated[
        Literal["table", "json", "csv", "markdown"],
        typer.Option(
            "--format", "-f", help="table for people; json (documented contract), csv or markdown."
        ),
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Rank every program by your weights.

    Example: mlchoose rank --weights faculty=5,industry=3 --prefer-region west --max-cost 60000
    """
    from mlchoose.core.analysis import assess, pareto_only
    from mlchoose.core.ranking import limited
    from mlchoose.core.ranking import rank as rank_programs

    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    only = _filters(region, delivery, online, max_cost, max_months, stem, no_gre, part_time)
    if unknowns and not robust:
        raise MlchooseError("--unknowns works with --robust", USAGE_ERROR)
    result = rank_programs(
        _catalog(catalog_path, slim=True),  # the ranking reads no note, course or source text
        chosen,
        prefs,
        filters=only,
        keep_unknown=keep_unknown,
        explain=False,  # the ranking shows scores, not the evidence behind them
    )
    found = assess(
        result,
        robust=robust,
        samples=samples,
        seed=seed,
        concentration=concentration,
        unknowns=unknowns,
    )
    if pareto:
        result = pareto_only(result, found.dominance)
    result = limited(result, top)
    from mlchoose.views import console

    if output == "table":
        from mlchoose.views import table

        screen = console.console()
        columns = None if fact_columns is None else _fact_columns(fact_columns)
        screen.print(table.ranking(result, screen.width, columns, found.dominance.dominated))
        if found.robustness is not None:
            shown = [r.program["id"] for r in result.results]
            screen.print(table.robustness(found.robustness, screen.width, shown))
    else:
        from mlchoose.views import records, text

        render = {
            "json": lambda r: text.as_json(records.ranking(r, found)),
            "csv": text.ranking_csv,
            "markdown": text.ranking_markdown,
        }[output]
        console.write(render(result))
        ignored = [o for o, given in (("--facts", fact_columns), ("--robust", robust)) if given]
        if output != "json" and ignored:
            console.notes([f"{' and '.join(ignored)}: shown in the table and JSON formats only"])
        if output != "markdown":  # Markdown carries its notes; JSON and CSV stay pure data
            console.notes(result.notes)


@app.command()
def show(
    program: Annotated[
        str, typer.Argument(help="Program id or alias, e.g. cmu.", autocompletion=_complete_program)
    ],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Every fact of one program, and each score with the evidence and sources behind it.

    Example: mlchoose show cmu
    """
    from mlchoose.core.ranking import explain
    from mlchoose.data.catalog import find

    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    catalog = _catalog(catalog_path)
    found = explain(catalog, find(catalog, program), chosen, prefs)
    from mlchoose.views import console

    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json(records.explained(found.result, found.weights)))
    else:
        from mlchoose.views import table

        console.render(table.program_detail(found.result, found.weights, found.size))


@app.command()
def compare(
    programs: Annotated[
        list[str],
        typer.Argument(
            help="Two or more program ids or aliases, e.g. stanford berkeley.",
            autocompletion=_complete_program,
        ),
    ],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Programs side by side: facts, scores, the best value per row, and the winner.

    Example: mlchoose compare stanford berkeley --weights faculty=3
    """
    from mlchoose.core.ranking import compare as compare_programs
    from mlchoose.data.catalog import find

    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    catalog = _catalog(catalog_path)
    result = compare_programs(catalog, [find(catalog, p) for p in programs], chosen, prefs)
    from mlchoose.core.analysis import pair
    from mlchoose.views import console

    tips, reasons = pair(result)
    if output == "json":
        from mlchoose.views import records, text

        data = {**records.comparison(result), "tipping": records.tipping(tips, reasons)}
        console.write(text.as_json(data))
    else:
        from mlchoose.views import table

        console.render(table.comparison(result))
        console.render(table.tipping(tips, reasons))


@app.command()
def why(
    first: Annotated[
        str, typer.Argument(help="A program id or alias.", autocompletion=_complete_program)
    ],
    second: Annotated[str, typer.Argument(help="Another one.", autocompletion=_complete_program)],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
    output: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
    catalog_path: CatalogOption = None,
) -> None:
    """In plain words: which two or three criteria decide between two programs, and by how much.

    Example: mlchoose why stanford berkeley --profile research-scientist
    """
    from mlchoose.core.analysis import pair
    from mlchoose.core.ranking import compare as compare_programs
    from mlchoose.data.catalog import find
    from mlchoose.views import console, text

    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    catalog = _catalog(catalog_path)
    result = compare_programs(catalog, [find(catalog, first), find(catalog, second)], chosen, prefs)
    tips, reasons = pair(result)
    if output == "json":
        from mlchoose.views import records

        console.write(text.as_json(records.tipping(tips, reasons)))
    else:
        console.write(text.why(reasons))


@app.command()
def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            show_default=False,
            help="File to write; its suffix picks the format: .html (one self-contained page), "
            ".svg (the chart alone) or .md (Markdown), e.g. --out shortlist.html.",
        ),
    ],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=1,
            metavar="N",
            show_default=False,
            help="Report only the best N, e.g. --top 5.",
        ),
    ] = None,
    programs: Annotated[
        str | None,
        typer.Option(
            "--programs",
            metavar="A,B,...",
            show_default=False,
            help="Report only these programs (ids or aliases), e.g. --programs cmu,stanford.",
        ),
    ] = None,
    catalog_path: CatalogOption = None,
) -> None:
    """Write a shortlist to share: weights, ranking, chart, and every program's facts and sources.

    Example: mlchoose report --out shortlist.html --top 5 --prefer-region west
    """
    import datetime as dt

    from mlchoose.core.ranking import rank as rank_programs
    from mlchoose.data.catalog import find, fingerprint
    from mlchoose.data.files import write_atomic
    from mlchoose.views import console
    from mlchoose.views import report as report_view

    fmt = report_view.format_of(out)
    if not out.parent.is_dir():
        raise MlchooseError(
            f"cannot write {str(out)!r}: no folder {str(out.parent)!r}", USAGE_ERROR
        )
    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    catalog = _catalog(catalog_path)
    only = None
    if programs is not None:
        names = [n for n in (part.strip() for part in programs.split(",")) if n]
        if not names:
            raise MlchooseError("--programs needs at least one program id or alias", USAGE_ERROR)
        only = [find(catalog, n) for n in names]
    from mlchoose.core.analysis import assess

    result = rank_programs(catalog, chosen, prefs, top=top, only=only)
    spread = assess(result, robust=True).robustness
    figures = (
        None
        if spread is None
        else {r.program: (r.first, r.median, r.low, r.high) for r in spread.results}
    )
    text = report_view.render(
        result,
        fmt,
        generated=dt.date.today(),
        catalog_version=fingerprint(*((catalog_path[0], catalog_path[1:]) if catalog_path else ())),
        robustness=figures,
    )
    try:
        write_atomic(out, text.encode("utf-8"), mode=0o666)
    except OSError as problem:
        raise MlchooseError(f"cannot write {str(out)!r}: {problem.strerror or problem}") from None
    shown = len(result.results)
    console.write(f"Wrote {out} ({fmt}, {shown} program{'s' if shown != 1 else ''})\n")


@app.command("list")
def list_programs(
    region: RegionOption = None,
    delivery: DeliveryOption = None,
    online: OnlineOption = False,
    max_cost: MaxCostOption = None,
    max_months: MaxMonthsOption = None,
    stem: StemOption = False,
    no_gre: NoGreOption = False,
    part_time: PartTimeOption = False,
    keep_unknown: KeepUnknownOption = False,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Every program in the catalog with its id, aliases and region; filters as in 'rank'."""
    from mlchoose.core.filters import apply, summary

    only = _filters(region, delivery, online, max_cost, max_months, stem, no_gre, part_time)
    chosen = apply(_catalog(catalog_path, slim=True)["programs"], only, keep_unknown)
    programs, note = chosen.kept, summary(chosen)
    if note:
        sys.stderr.write(f"Note: {note}\n")
    from mlchoose.views import console

    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json(records.listing(programs)))
    else:
        from mlchoose.views import table

        console.render(table.listing(programs, console.console().width))


@app.command()
def validate(
    file: Annotated[
        Path, typer.Argument(help="Catalog file to check, e.g. programs.yaml.", show_default=False)
    ],
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also warn about entries not checked for 18 months and facts resting only on "
            "secondary sources (and fail on them).",
        ),
    ] = False,
    output: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
) -> None:
    """Check a catalog file and report every problem with its place (exit 1 if any).

    Example: mlchoose validate --strict my-programs.yaml
    """
    from mlchoose.data.catalog import check_file
    from mlchoose.views import console

    problems = check_file(file, strict=strict)
    if output == "json":
        from mlchoose.views import text

        data = [p._asdict() for p in problems]
        console.write(text.as_json({"file": str(file), "valid": not problems, "problems": data}))
    elif problems:
        console.write(
            "".join(f"{file}:{p.line or 0}: {p.level}: {p.where}: {p.message}\n" for p in problems)
        )
    else:
        console.write(f"{file}: valid\n")
    if problems:
        errors = sum(1 for p in problems if p.level == "error")
        counts = (
            f"{errors} error(s) and {len(problems) - errors} warning(s)"
            if strict
            else f"{errors} problem(s)"
        )
        raise MlchooseError(f"{counts} in {str(file)!r}")


@app.command()
def stats(
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """How many programs have evidence for each criterion and each decision fact."""
    from mlchoose.core.coverage import coverage
    from mlchoose.views import console

    rows = coverage(_catalog(catalog_path))
    if output == "json":
        from mlchoose.views import text

        data = [{"name": r.name, "known": r.known, "programs": r.total} for r in rows]
        console.write(text.as_json(data))
    else:
        from mlchoose.views import table

        console.render(table.coverage(rows))


@app.command()
def schema() -> None:
    """Print the JSON Schema of catalog files (for editors; a copy is in schema/)."""
    from mlchoose.data.catalog import schema as catalog_schema
    from mlchoose.views import console, text

    console.write(text.as_json(catalog_schema(), indent=True))


profile_app = typer.Typer(
    help="Saved weights: built-in career profiles and your own.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")


@profile_app.command("list")
def profile_list(
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
) -> None:
    """Built-in and saved profiles with their weights."""
    from mlchoose.data import profiles
    from mlchoose.views import console

    found = [*profiles.BUILTIN.values(), *profiles.saved()]
    good = [p for p in found if isinstance(p, profiles.Profile)]
    damaged = [p for p in found if not isinstance(p, profiles.Profile)]
    for problem in damaged:
        console.error(str(problem))
    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json([records.profile(p) for p in good]))
    else:
        from mlchoose.views import table

        console.render(table.profiles(good))
    if damaged:
        raise typer.Exit(1)


@profile_app.command("show")
def profile_show(
    name: Annotated[str, typer.Argument(help="Profile name, e.g. research-scientist.")],
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
) -> None:
    """One profile: its weights (as given and normalised), regions, interests, rationale."""
    from mlchoose.data import profiles
    from mlchoose.views import console

    found = profiles.get(name)
    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json(records.profile(found)))
    else:
        from mlchoose.views import table

        console.render(table.profiles([found]))


@profile_app.command("save")
def profile_save(
    name: Annotated[str, typer.Argument(help="A name of your own, e.g. my-shortlist.")],
    weights: WeightsOption = None,
    profile: ProfileOption = None,
    prefer_region: PreferRegionOption = None,
    interests: InterestsOption = None,
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
    from mlchoose.data import profiles
    from mlchoose.views import console

    if weights is None and profile is None:
        raise MlchooseError("give --weights or --profile to save", USAGE_ERROR)
    chosen, prefs = _inputs(weights, prefer_region, interests, profile)
    saved = profiles.Profile(
        profiles.check_name(name.strip().lower()),
        chosen.raw,
        rationale,
        tuple(sorted(prefs.regions)),
        tuple(sorted(prefs.interests)),
    )
    replaced = saved.name in profiles.names()
    path = profiles.save(saved, force=force)
    console.write(f"{'replaced' if replaced else 'saved'} profile {saved.name!r} in {path}\n")


@profile_app.command("delete")
def profile_delete(name: Annotated[str, typer.Argument(help="A saved profile's name.")]) -> None:
    """Delete a saved profile."""
    from mlchoose.data import profiles
    from mlchoose.views import console

    path = profiles.delete(name.strip().lower())
    console.write(f"deleted {path}\n")


@app.command()
def interview(
    save: Annotated[
        str | None,
        typer.Option(metavar="NAME", show_default=False, help="Save the weights as this profile."),
    ] = None,
    prefer_region: PreferRegionOption = None,
    method: Annotated[
        Literal["eigenvector", "geometric"],
        typer.Option(help="AHP weights from the principal eigenvector or row geometric means."),
    ] = "eigenvector",
) -> None:
    """Find your weights by answering ten pairwise questions (AHP), then save them as a profile.

    Answers can be piped: printf '3\\n-2\\n1\\n...' | mlchoose interview --save mine
    """
    from mlchoose.cli import interview as questions
    from mlchoose.core.ahp import ahp
    from mlchoose.data import profiles
    from mlchoose.views import console, text

    if save is not None:
        _saveable(save)  # before the questions, so no answer is asked for in vain
    regions = (
        () if prefer_region is None else tuple(sorted(_inputs(None, prefer_region)[1].regions))
    )
    console.write(questions.HELP + "\n")
    judgements = []
    for number, pair in enumerate(questions.QUESTIONS, start=1):
        prompt = f"{number}/{len(questions.QUESTIONS)} {questions.question(pair)}"
        while True:
            try:
                judgements.append(questions.judgement(pair, _ask(prompt)))
                break
            except MlchooseError as problem:
                if not sys.stdin.isatty():
                    raise  # piped answers cannot be asked again
                console.error(str(problem))
    result = ahp(list(CRITERIA), judgements, method=method)
    console.write(text.ahp(result))
    name = save
    while name is None and sys.stdin.isatty():
        answer = typer.prompt(
            "Save as a profile? Name (empty to skip)", default="", show_default=False
        )
        if not answer.strip():
            break
        try:
            name = _saveable(answer)
        except MlchooseError as problem:
            console.error(str(problem))
    if name:
        weights = {c: round(w, 4) for c, w in result.weights.items()}
        rationale = f"From 'mlchoose interview' (AHP, consistency ratio {result.cr:.2f})."
        saved = profiles.Profile(_saveable(name), weights, rationale, regions)
        console.write(f"saved profile {saved.name!r} to {profiles.save(saved)}\n")


def _saveable(name: str) -> str:
    """A profile name that can be saved: well formed and not a built-in one."""
    from mlchoose.data import profiles

    key = profiles.check_name(name.strip().lower())
    if key in profiles.BUILTIN:
        raise MlchooseError(f"{key!r} is a built-in profile; choose another name", USAGE_ERROR)
    return key


def _ask(prompt: str) -> str:
    """One answer from the terminal or a pipe; running out of answers is a clear error."""
    try:
        return str(typer.prompt(prompt, prompt_suffix="\n> "))
    except typer.Abort:
        if not sys.stdin.isatty():
            raise MlchooseError(
                "the interview ran out of answers (it asks 10 questions)", USAGE_ERROR
            ) from None
        raise
