"""R4, the floor of issue 29: the smallest Typer + Rich program that prints a 32-row table and
takes ``rank``'s 11 most used options, in a two-command app with no callback.

Smaller than R1 (``floor_app.py``: 23 options, a callback, one command), so it starts a little
faster and ratios against it read higher. The options are those the README's examples and the
interview use most: weights, profile, preferred region, region, cost and STEM filters, GRE,
online, top, format and catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

ROWS = 32
app = typer.Typer()


@app.command()
def rank(
    weights: Annotated[str | None, typer.Option("--weights", "-w")] = None,
    profile: Annotated[str | None, typer.Option("--profile", "-P")] = None,
    prefer_region: Annotated[str | None, typer.Option("--prefer-region", "-p")] = None,
    region: Annotated[str | None, typer.Option("--region", "-r")] = None,
    max_cost: Annotated[float | None, typer.Option("--max-cost", min=0)] = None,
    stem: Annotated[bool, typer.Option("--stem")] = False,
    no_gre: Annotated[bool, typer.Option("--no-gre")] = False,
    online: Annotated[bool, typer.Option("--online")] = False,
    top: Annotated[int | None, typer.Option("--top", "-n", min=1)] = None,
    output: Annotated[
        Literal["table", "json", "csv", "markdown"], typer.Option("--format", "-f")
    ] = "table",
    catalog_path: Annotated[list[Path] | None, typer.Option("--catalog")] = None,
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Ranking: {ROWS} programs", box=box.SIMPLE_HEAD, show_edge=False)
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


@app.command()
def show(program: str) -> None:
    print(program)


if __name__ == "__main__":
    app()
