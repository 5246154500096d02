"""Commands about the catalog itself: ``list``, ``validate``, ``stats`` and ``schema``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from mlchoose.cli.options import CatalogPaths, Selection, load_catalog, phrase, uses
from mlchoose.errors import MlchooseError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

TableOrJson = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
]


@uses("selection")
def list_programs(
    selection: Selection,
    output: TableOrJson = "table",
    catalog_path: CatalogPaths = None,
) -> None:
    """Every program in the catalog with its id, aliases and region; filters as in 'rank'."""
    from mlchoose.core.filters import apply, summary
    from mlchoose.views import console, records

    programs = load_catalog(catalog_path, slim=True)["programs"]
    chosen = apply(programs, selection.filters, selection.keep_unknown)
    note = summary(chosen)
    # A list is not a ranking: the programs that could pass follow those that pass, in the same
    # list (rank sets them apart, with the facts in question).
    shown = [*chosen.kept, *chosen.could]

    notes = [phrase(note)] if note else []

    def listing(screen: Console) -> RenderableType:
        from mlchoose.views import table

        left = len(shown) - table.TABLE_ROWS
        if left > 0:
            notes.append(f"{left:,} more programs not shown: use --format json for all")
        return table.listing(shown[: table.TABLE_ROWS], screen.width)

    console.emit(output, data=lambda: records.listing(shown), table=listing, notes_=notes)


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
    from mlchoose.views import console, text

    problems = check_file(file, strict=strict)
    console.emit(
        output,
        data=lambda: {
            "file": str(file),
            "valid": not problems,
            "problems": [p._asdict() for p in problems],
        },
        text=lambda: text.problems(str(file), problems),
    )
    if problems:
        errors = sum(1 for p in problems if p.level == "error")
        counts = (
            f"{errors} error(s) and {len(problems) - errors} warning(s)"
            if strict
            else f"{errors} problem(s)"
        )
        raise MlchooseError(f"{counts} in {str(file)!r}")


def stats(output: TableOrJson = "table", catalog_path: CatalogPaths = None) -> None:
    """How many programs have evidence for each criterion and each decision fact."""
    from mlchoose.core.coverage import coverage
    from mlchoose.views import console, records

    rows = coverage(load_catalog(catalog_path))

    def counts(screen: Console) -> RenderableType:
        from mlchoose.views import table

        return table.coverage(rows)

    console.emit(output, data=lambda: records.coverage(rows), table=counts)


def schema() -> None:
    """Print the JSON Schema of catalog files (for editors; a copy is in schema/)."""
    from mlchoose.data.catalog import schema as catalog_schema
    from mlchoose.views import console, text

    console.write(text.as_json(catalog_schema(), indent=True))
