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
    profile: Annotated[str | None, typer.Option("--profile", "-P")] = None,
    prefer_region: Annotated[str | None, typer.Option("--prefer-region", "-p")] = None,
    interests: Annotated[str | None, typer.Option("--interests", "-i")] = None,
    region: Annotated[str | None, typer.Option("--region", "-r")] = None,
    delivery: Annotated[Literal["on-campus", "online", "hybrid"] | None, typer.Option()] = None,
    online: Annotated[bool, typer.Option("--online")] = False,
    max_cost: Annotated[float | None, typer.Option("--max-cost", "--max-tuition", min=0)] = None,
    max_months: Annotated[int | None, typer.Option(min=1)] = None,
    stem: Annotated[bool, typer.Option("--stem")] = False,
    no_gre: Annotated[bool, typer.Option("--no-gre")] = False,
    part_time: Annotated[bool, typer.Option("--part-time")] = False,
    keep_unknown: Annotated[bool, typer.Option("--keep-unknown")] = False,
    fact_columns: Annotated[str | None, typer.Option("--facts")] = None,
    robust: Annotated[bool, typer.Option("--robust")] = False,
    samples: Annotated[int, typer.Option(min=100, max=1_000_000)] = 10_000,
    seed: Annotated[int, typer.Option(min=0)] = 1,
    concentration: Annotated[float, typer.Option(min=0.1, max=10_000)] = 20.0,
    unknowns: Annotated[bool, typer.Option("--unknowns")] = False,
    pareto: Annotated[bool, typer.Option("--pareto")] = False,
    top: Annotated[int | None, typer.Option("--top", "-n", min=1)] = None,
    output: Annotated[
        Literal["table", "json", "csv", "markdown"], typer.Option("--format", "-f")
    ] = "table",
    catalog_path: Annotated[
        list[Path] | None, typer.Option("--catalog", envvar="MLCHOOSE_CATALOG")
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
