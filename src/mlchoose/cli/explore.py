"""``show``, ``compare`` and ``why``: one program in depth, or a few side by side."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from mlchoose.cli.options import (
    CatalogPaths,
    Choices,
    complete_program,
    load_keyed,
    phrase,
    query,
    uses,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from rich.console import Console, RenderableType

    from mlchoose.core.ranking import Comparison
    from mlchoose.views.detail import Verified

TableOrJson = Annotated[
    Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
]


@uses("choices")
def show(
    program: Annotated[
        str, typer.Argument(help="Program id or alias, e.g. cmu.", autocompletion=complete_program)
    ],
    choices: Choices,
    quotes: Annotated[
        bool,
        typer.Option("--quotes", help="Also print each fact's verbatim quote from its page."),
    ] = False,
    output: TableOrJson = "table",
    catalog_path: CatalogPaths = None,
) -> None:
    """Every fact of one program, and each score with the evidence and sources behind it.

    Example: mlchoose show cmu
    """
    from mlchoose.core.standing import explain
    from mlchoose.data.names import resolve
    from mlchoose.views import console, records, standing

    catalog, key = load_keyed(catalog_path)
    named = resolve(catalog, [program])
    found = explain(catalog, named.programs[0], query(choices), key)

    def detail(screen: Console) -> list[RenderableType]:
        from mlchoose.views.detail import program_detail

        checked = _last_verified(found.result.program, found.result.sources)
        detail = program_detail(found.result, found.weights, found.size, checked, found.bases)
        parts = [detail, standing.block(found.discoveries)]
        if quotes:
            from mlchoose.views.detail import quotes_block

            parts.append(quotes_block(found.result.program, found.result.sources))
        return parts

    console.emit(
        output,
        data=lambda: {
            **records.explained(found.result, found.weights),
            "discoveries": standing.records(found.discoveries),
        },
        table=detail,
        notes_=named.notes,
    )


@uses("choices")
def compare(
    programs: Annotated[
        list[str],
        typer.Argument(
            help="Two or more program ids or aliases, e.g. stanford berkeley.",
            autocompletion=complete_program,
        ),
    ],
    choices: Choices,
    output: TableOrJson = "table",
    catalog_path: CatalogPaths = None,
) -> None:
    """Programs side by side: facts, scores, the best value per row, and the winner.

    Example: mlchoose compare stanford berkeley --weights faculty=3
    """
    from mlchoose.core.analysis import pair
    from mlchoose.views import console, records

    result, named_notes = _compared(catalog_path, programs, choices)
    result = result._replace(notes=tuple(phrase(n) for n in result.notes))
    tips, reasons = pair(result)

    def tables(screen: Console) -> list[RenderableType]:
        from mlchoose.views import analysis

        return [analysis.comparison(result), analysis.tipping(tips, reasons)]

    console.emit(
        output,
        data=lambda: {**records.comparison(result), "tipping": records.tipping(tips, reasons)},
        table=tables,
        notes_=named_notes,
    )


@uses("choices")
def why(
    first: Annotated[
        str, typer.Argument(help="A program id or alias.", autocompletion=complete_program)
    ],
    second: Annotated[str, typer.Argument(help="Another one.", autocompletion=complete_program)],
    choices: Choices,
    output: Annotated[
        Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")
    ] = "text",
    catalog_path: CatalogPaths = None,
) -> None:
    """In plain words: which two or three criteria decide between two programs, and by how much.

    Example: mlchoose why stanford berkeley --profile research-scientist
    """
    from mlchoose.core.analysis import pair
    from mlchoose.views import console, records, text

    result, named_notes = _compared(catalog_path, [first, second], choices)
    tips, reasons = pair(result)
    console.emit(
        output,
        data=lambda: records.tipping(tips, reasons),
        text=lambda: text.why(reasons, shutil.get_terminal_size().columns),
        notes_=named_notes,
    )


def _compared(
    catalog_path: list[Path] | None, names: list[str], choices: Choices
) -> tuple[Comparison, list[str]]:
    """The named programs compared (``compare`` and ``why``), and the notes on how their names
    were taken. Only they are scored: the catalog's stand-ins, scale and base rates come from
    the scores kept beside the catalog (``core.stored``)."""
    from mlchoose.core import stored
    from mlchoose.core.ranking import compare
    from mlchoose.data.names import resolve

    catalog, key = load_keyed(catalog_path)
    named = resolve(catalog, names)
    asked = query(choices)
    return compare(catalog, named.programs, asked, stored.known(catalog, asked, key)), named.notes


def _last_verified(program: Mapping[str, Any], sources: Mapping[str, Any]) -> Verified | None:
    """The saved results of ``verify`` for one program, if it was ever verified: a verdict
    counts only while the fact's URL, quote and value are still the ones it checked (the
    engine's ``cached``); a fact changed since says so, and so does its source."""
    from mlchoose.verify import saved as verification

    if not verification.path().exists():
        return None  # never verified: the engine and its network modules stay unloaded
    from mlchoose.verify.engine import cached
    from mlchoose.views.detail import Verified

    saved = verification.load()
    report = cached([program], sources, saved)
    failed = {r.field: r.status for r in report.results if r.status != "ok"}
    changed = [s for s in report.skipped if s.reason == "not checked since it changed"]
    failed.update((s.field, s.reason) for s in changed)
    stale = {str(sources[s.source]["url"]) for s in changed if s.source in sources}
    checked = {url: (o.checked, o.status) for url, o in saved.items()}
    for url in stale & set(checked):
        checked[url] = (checked[url][0], "not checked since a fact changed")
    return Verified(checked, failed)
