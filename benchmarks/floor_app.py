"""R1, the floor app: the smallest Typer + Rich program with ``rank``'s options and table.

It prints a Rich table of the built-in catalog's size with the same columns and constant data,
and does nothing else: what any Typer + Rich CLI pays before doing its own work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

ROWS = 39
app = typer.Typer()


@app.callback()
def _main() -> None:
    """Floor app."""


@app.command()
def rank(
    weights: Annotated[str | None, typer.Option("--weights", "-w")] = None,
    prefer_region: Annotated[str | None, typer.Option("--prefer-region", "-p")] = None,
    region: Annotated[str | None, typer.Option("--region", "-r")] = None,
    top: Annotated[int | None, typer.Option("--top", "-n", min=1)] = None,
    output: Annotated[
        Literal["table", "json", "csv", "markdown"], typer.Option("--format", "-f")
    ] = "table",
    catalog_path: Annotated[
        Path | None, typer.Option("--catalog", envvar="MLCHOOSE_CATALOG")
    ] = None,
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Ranking: 39 programs", box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("#", "Program", "Region", "Total", "Curr", "Spec", "Fac", "Ind", "Reg", "Evid."):
        table.add_column(name)
    for i in range(ROWS):
        table.add_row(
            str(i + 1),
            "northwestern-ms-mlds",
            "northeast",
            "66.2",
            "0.20",
            "0.75",
            "1.00",
            "0.70",
            "?",
            "100%",
        )
    Console().print(table)


if __name__ == "__main__":
    app()
