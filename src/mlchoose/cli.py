"""The Typer app: parse the command line, call one core function, hand the result to one view.

All user-facing failures surface as ``Error: ...`` on stderr with a non-zero exit code, caught in
:meth:`_Group.main`; set MLCHOOSE_DEBUG=1 to see a traceback instead.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from mlchoose import __version__
from mlchoose.errors import USAGE_ERROR, MlchooseError

if TYPE_CHECKING:
    from mlchoose.models import Catalog
    from mlchoose.preferences import Preferences, Weights

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
        except MlchooseError as problem:
            error(str(problem))
            code = problem.exit_code
        except typer.Abort:
            error("aborted")
            code = 130
        except typer.TyperException as problem:  # click's usage errors
            message = getattr(problem, "format_message", problem.__str__)()
            error(" ".join(message.split()) + _usage_hint(problem))
            code = getattr(problem, "exit_code", 2)
        except KeyboardInterrupt:
            error("aborted")
            code = 130
        except OSError as problem:
            if problem.errno != errno.EPIPE:
                raise
            _quiet_broken_pipe()
            code = 0
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


app = typer.Typer(
    cls=_Group,
    name="mlchoose",
    help="Choose a master's program in machine learning: a sourced catalog, scores you can "
    "check, and your own weights.\n\nStart with [bold]mlchoose rank[/bold], then "
    "[bold]mlchoose show cmu[/bold] and [bold]mlchoose compare stanford berkeley[/bold].",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete_program(incomplete: str) -> list[str]:
    from mlchoose import catalog

    try:
        programs = catalog.load()["programs"]
    except MlchooseError:
        return []
    names = (n for p in programs for n in catalog.names(p))
    return [n for n in names if n.startswith(incomplete.lower())]


CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="MLCHOOSE_CATALOG",
        metavar="FILE",
        show_default=False,
        help="Use this catalog file instead of the built-in one, e.g. --catalog my-programs.yaml.",
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


def _inputs(weights: str | None, prefer_region: str | None) -> tuple[Weights, Preferences]:
    from mlchoose.preferences import Preferences, Weights, parse_regions, parse_weights

    return (
        parse_weights(weights) if weights is not None else Weights(),
        parse_regions(prefer_region) if prefer_region is not None else Preferences(),
    )


def _catalog(path: Path | None) -> Catalog:
    from mlchoose import catalog

    return catalog.load(path)


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
    prefer_region: PreferRegionOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            metavar="REGIONS",
            show_default=False,
            help="Only rank programs in these regions, e.g. --region midwest,west.",
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
    output: Annotated[
        Literal["table", "json", "csv", "markdown"],
        typer.Option(
            "--format", "-f", help="table for people; json (documented contract), csv or markdown."
        ),
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Rank every program by your weights.

    Example: mlchoose rank --weights faculty=5,industry=3 --prefer-region west
    """
    from mlchoose.preferences import parse_regions
    from mlchoose.ranking import rank as rank_programs

    chosen, prefs = _inputs(weights, prefer_region)
    only = parse_regions(region).regions if region is not None else frozenset()
    result = rank_programs(_catalog(catalog_path), chosen, prefs, regions=only, top=top)
    from mlchoose.views import console

    if output == "table":
        from mlchoose.views import table

        console.render(table.ranking(result, console.console().width))
    else:
        from mlchoose.views import records, text

        render = {
            "json": lambda r: text.as_json(records.ranking(r)),
            "csv": text.ranking_csv,
            "markdown": text.ranking_markdown,
        }[output]
        console.write(render(result))


@app.command()
def show(
    program: Annotated[
        str, typer.Argument(help="Program id or alias, e.g. cmu.", autocompletion=_complete_program)
    ],
    weights: WeightsOption = None,
    prefer_region: PreferRegionOption = None,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Every fact of one program, and each score with the evidence and sources behind it.

    Example: mlchoose show cmu
    """
    from mlchoose.catalog import find
    from mlchoose.ranking import explain
    from mlchoose.ranking import rank as rank_programs

    chosen, prefs = _inputs(weights, prefer_region)
    catalog = _catalog(catalog_path)
    found = find(catalog, program)
    result = explain(catalog, found, chosen, prefs)
    applied = rank_programs(catalog, chosen, prefs).weights
    from mlchoose.views import console

    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json(records.explained(result, applied)))
    else:
        from mlchoose.views import table

        console.render(table.program_detail(result, applied, len(catalog["programs"])))


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
    prefer_region: PreferRegionOption = None,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Programs side by side: facts, scores, the best value per row, and the winner.

    Example: mlchoose compare stanford berkeley --weights faculty=3
    """
    from mlchoose.catalog import find
    from mlchoose.ranking import compare as compare_programs

    chosen, prefs = _inputs(weights, prefer_region)
    catalog = _catalog(catalog_path)
    result = compare_programs(catalog, [find(catalog, p) for p in programs], chosen, prefs)
    from mlchoose.views import console

    if output == "json":
        from mlchoose.views import records, text

        console.write(text.as_json(records.comparison(result)))
    else:
        from mlchoose.views import table

        console.render(table.comparison(result))


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
    prefer_region: PreferRegionOption = None,
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

    from mlchoose.catalog import find, fingerprint
    from mlchoose.files import write_atomic
    from mlchoose.ranking import rank as rank_programs
    from mlchoose.views import console
    from mlchoose.views import report as report_view

    fmt = report_view.format_of(out)
    chosen, prefs = _inputs(weights, prefer_region)
    catalog = _catalog(catalog_path)
    only = None
    if programs is not None:
        names = [n for n in (part.strip() for part in programs.split(",")) if n]
        if not names:
            raise MlchooseError("--programs needs at least one program id or alias", USAGE_ERROR)
        only = [find(catalog, n) for n in names]
    result = rank_programs(catalog, chosen, prefs, top=top, only=only)
    text = report_view.render(
        result,
        fmt,
        generated=dt.date.today(),
        catalog_version=fingerprint(catalog_path),
    )
    try:
        write_atomic(out, text.encode("utf-8"), mode=0o666)
    except OSError as problem:
        raise MlchooseError(f"cannot write {str(out)!r}: {problem.strerror or problem}") from None
    shown = len(result.results)
    console.write(f"Wrote {out} ({fmt}, {shown} program{'s' if shown != 1 else ''})\n")


@app.command("list")
def list_programs(
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    catalog_path: CatalogOption = None,
) -> None:
    """Every program in the catalog with its id, aliases and region."""
    programs = _catalog(catalog_path)["programs"]
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
    output: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
) -> None:
    """Check a catalog file and report every problem with its place (exit 1 if any).

    Example: mlchoose validate my-programs.yaml
    """
    from mlchoose.catalog import check_file
    from mlchoose.views import console

    problems = check_file(file)
    if output == "json":
        from mlchoose.views import text

        data = [{"where": p.where, "line": p.line, "message": p.message} for p in problems]
        console.write(text.as_json({"file": str(file), "valid": not problems, "problems": data}))
    elif problems:
        console.write("".join(f"{file}:{p.line or 0}: {p.where}: {p.message}\n" for p in problems))
    else:
        console.write(f"{file}: valid\n")
    if problems:
        raise MlchooseError(f"{len(problems)} problem(s) in {str(file)!r}")
