"""``mlchoose verify``: re-read every cited page, live, and say fact by fact whether it holds."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from mlchoose.cli.options import CatalogPaths, complete_program, load_catalog


def verify(
    programs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Program ids or aliases to check, e.g. cmu stanford (all when none given).",
            autocompletion=complete_program,
            show_default=False,
        ),
    ] = None,
    cached: Annotated[
        bool,
        typer.Option("--cached", help="Print the last saved results without the network."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.5,
            max=120,
            metavar="SECONDS",
            help="Time limit for each network wait, e.g. 5; a whole request gets 3 times it.",
        ),
    ] = 10.0,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch loopback, private and link-local addresses (a local test server).",
        ),
    ] = False,
    output: Annotated[
        Literal["table", "json"],
        typer.Option("--format", "-f", help="table for people; json (one object per fact) for CI."),
    ] = "table",
    catalog_path: CatalogPaths = None,
) -> None:
    """Check each fact's quote (or value) against its cited page, live; exit 1 unless all ok.

    Example: mlchoose verify cmu stanford
    """
    import sys

    from mlchoose.data.names import resolve
    from mlchoose.verify import saved as verification
    from mlchoose.views import console
    from mlchoose.views import verify as view

    catalog = load_catalog(catalog_path)
    named = resolve(catalog, programs) if programs else None
    chosen = named.programs if named else catalog["programs"]
    if named:
        console.notes(named.notes)
    shared = catalog.get("sources", {})
    if cached:
        from mlchoose.verify.engine import cached as saved_results

        report = saved_results(chosen, shared, verification.load())
        if report.unverified:
            said = "fact has" if report.unverified == 1 else "facts have"
            console.notes([f"{report.unverified} {said} no saved result: run 'mlchoose verify'"])
    else:
        from dataclasses import replace

        from mlchoose.verify.engine import verify as check
        from mlchoose.verify.request import Settings

        settings = replace(Settings(), allow_private=allow_private).within(timeout)
        with view.progress(sys.stderr.isatty() and output == "table") as step:
            report = check(chosen, shared, settings=settings, progress=step)
        if not verification.save(report.outcomes):
            console.notes(["could not save the results in the cache folder"])
    console.emit(output, data=lambda: view.records(report), table=lambda _: view.tables(report))
    if not report.all_ok:
        raise typer.Exit(1)
