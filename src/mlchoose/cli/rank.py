"""``mlchoose rank``: every program ranked by the user's weights, with its optional analyses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from mlchoose.cli.options import (
    CatalogPaths,
    Choices,
    Selection,
    TopN,
    complete_program,
    phrase,
    query,
    uses,
)
from mlchoose.data import registry
from mlchoose.errors import USAGE_ERROR, MlchooseError
from mlchoose.vocab import ROBUST_CONCENTRATION, ROBUST_MAX_SAMPLES, ROBUST_SAMPLES, ROBUST_SEED

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from mlchoose.core.analysis import Assessment
    from mlchoose.core.ranking import Ranking
    from mlchoose.data.models import Catalog

ROBUST_PANEL = "How sure is the order (--robust)"
RankFormat = Literal["table", "json", "csv", "markdown"]


@uses("choices", "selection")
def rank(
    choices: Choices,
    selection: Selection,
    programs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PROGRAM]...",
            show_default=False,
            help="Rank only these programs (ids or aliases), e.g. cmu mit stanford berkeley; "
            "every option works on them. Default: the whole catalog.",
            autocompletion=complete_program,
        ),
    ] = None,
    fact_columns: Annotated[
        str | None,
        typer.Option(
            "--facts",
            metavar="NAMES",
            show_default=False,
            help="Fact columns to add, in every format, e.g. --facts cost,months,stem (also "
            f"{', '.join(n for n in registry.COLUMNS if n not in ('months', 'stem'))}). "
            "Default: cost on wide terminals.",
        ),
    ] = None,
    top: TopN = None,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            rich_help_panel=ROBUST_PANEL,
            help="Also show how sure the order is: ranks under many weights drawn around yours.",
        ),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(
            min=100,
            max=ROBUST_MAX_SAMPLES,
            metavar="N",
            rich_help_panel=ROBUST_PANEL,
            help="Samples for --robust: weights, and uncertain scores unless --weights-only.",
        ),
    ] = ROBUST_SAMPLES,
    seed: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="S",
            rich_help_panel=ROBUST_PANEL,
            help="Random seed for --robust: same seed, same output.",
        ),
    ] = ROBUST_SEED,
    concentration: Annotated[
        float,
        typer.Option(
            min=0.1,
            max=10_000,
            metavar="C",
            rich_help_panel=ROBUST_PANEL,
            help="How closely --robust samples stay around your weights (Dirichlet concentration).",
        ),
    ] = ROBUST_CONCENTRATION,
    weights_only: Annotated[
        bool,
        typer.Option(
            "--weights-only",
            rich_help_panel=ROBUST_PANEL,
            help="With --robust, draw the weights only and keep every score at its point (by "
            "default uncertain scores are drawn inside their ranges too).",
        ),
    ] = False,
    unknowns: Annotated[
        bool,
        typer.Option(
            "--unknowns",
            rich_help_panel=ROBUST_PANEL,
            help="Kept for old scripts: drawing uncertain scores is now the default of --robust.",
        ),
    ] = False,
    pareto: Annotated[
        bool,
        typer.Option("--pareto", help="Show only programs no other program dominates."),
    ] = False,
    output: Annotated[
        RankFormat,
        typer.Option(
            "--format", "-f", help="table for people; json (documented contract), csv or markdown."
        ),
    ] = "table",
    catalog_path: CatalogPaths = None,
) -> None:
    """Rank every program by your weights (or only the programs you name).

    Example: mlchoose rank --weights faculty=5,industry=3 --prefer-region west --max-cost 60000

    A shortlist: mlchoose rank cmu mit stanford berkeley uiuc michigan --robust
    """
    from mlchoose.cli.options import load_catalog
    from mlchoose.core.analysis import assess, pareto_only
    from mlchoose.core.query import Robust
    from mlchoose.core.ranking import limited
    from mlchoose.core.ranking import rank as rank_programs

    for name, given in (("--unknowns", unknowns), ("--weights-only", weights_only)):
        if given and not robust:
            raise MlchooseError(f"{name} works with --robust", USAGE_ERROR)
    # Every option is checked before any catalog work: a typo costs nothing.
    columns = None if fact_columns is None else _fact_columns(fact_columns)
    if selection.international and columns is None:
        columns = ["cost", "stem", "delivery"]  # what an F-1 student decides on
    sampling = Robust(samples, seed, concentration, data=not weights_only) if robust else None
    # The ranking reads no note, course or source text: the slim catalog is enough.
    catalog = load_catalog(catalog_path, slim=True)
    only, named = _shortlist(catalog, programs)
    result = rank_programs(catalog, query(choices, selection, only=only, explain=False))
    found = assess(result, sampling)
    if pareto:
        result = pareto_only(result, found.dominance)
    result = limited(result, top)
    result = result._replace(notes=tuple(phrase(n) for n in (*named, *result.notes)))
    if output == "table" and top is None:
        result = _screenful(result)
    _show(result, found, output, columns, robust)


def _shortlist(
    catalog: Catalog, names: list[str] | None
) -> tuple[tuple[str, ...] | None, list[str]]:
    """The ids of the programs named (None: all) and the notes on how names were taken."""
    if not names:
        return None, []
    from mlchoose.data.names import resolve

    named = resolve(catalog, names)
    ids = tuple(dict.fromkeys(p["id"] for p in named.programs))
    return ids, named.notes


def _screenful(result: Ranking) -> Ranking:
    """A table shows at most TABLE_ROWS programs unless --top asks for more: rendering 10,000
    rows nobody reads costs more than ranking them. The note says how many were left out."""
    from mlchoose.views.table import TABLE_ROWS

    left = len(result.results) - TABLE_ROWS
    if left <= 0:
        return result
    note = f"{left:,} more programs not shown: use --top N, or --format json or csv for all"
    return result._replace(results=result.results[:TABLE_ROWS], notes=(*result.notes, note))


def _show(
    result: Ranking,
    found: Assessment,
    output: RankFormat,
    columns: list[str] | None,
    robust: bool,
) -> None:
    from mlchoose.views import console

    if output == "table":
        from mlchoose.views import table

        def tables(screen: Console) -> list[RenderableType]:
            parts = [table.ranking(result, screen.width, columns, found.dominance.dominated)]
            if found.robustness is not None:
                shown = [r.program["id"] for r in result.results]
                from mlchoose.views.analysis import robustness

                parts.append(robustness(found.robustness, screen.width, shown))
            return parts

        console.emit(output, table=tables)
        return
    from mlchoose.views import markdown, records, text

    notes = (
        ["--robust: shown in the table and JSON formats only"]
        if output != "json" and robust
        else []
    )
    notes += result.notes

    def written() -> str:
        if output == "markdown":
            return markdown.ranking(result, found.dominance.dominated, columns or ())
        return text.ranking_csv(result, columns or ())

    console.emit(output, data=lambda: records.ranking(result, found), text=written, notes_=notes)


def _fact_columns(text: str) -> list[str]:
    """The ``--facts`` names, each checked (a name not offered is an error with a suggestion)."""
    from mlchoose.errors import unknown_name
    from mlchoose.views.columns import fact_names

    offered = fact_names()
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in offered:
            raise unknown_name("fact column", name, offered)
    return names
