"""``mlchoose report``: a shortlist written to a file to share (HTML, SVG or Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlchoose.cli.options import (
    CatalogPaths,
    Choices,
    Selection,
    TopN,
    load_catalog,
    phrase,
    query,
    uses,
)
from mlchoose.errors import USAGE_ERROR, MlchooseError


@uses("choices", "selection")
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
    choices: Choices,
    selection: Selection,
    top: TopN = None,
    programs: Annotated[
        str | None,
        typer.Option(
            "--programs",
            metavar="A,B,...",
            show_default=False,
            help="Report only these programs (ids or aliases), e.g. --programs cmu,stanford.",
        ),
    ] = None,
    catalog_path: CatalogPaths = None,
) -> None:
    """Write a shortlist to share: weights, ranking, chart, and every program's facts and sources.

    Example: mlchoose report --out shortlist.html --top 5 --prefer-region west --max-cost 70000
    """
    import datetime as dt

    from mlchoose.core.analysis import assess, shortlist_robustness
    from mlchoose.core.query import Robust
    from mlchoose.core.ranking import rank
    from mlchoose.data.catalog import fingerprint
    from mlchoose.data.files import write_atomic
    from mlchoose.data.names import resolve
    from mlchoose.views import console
    from mlchoose.views import report as report_view

    fmt = report_view.format_of(out)
    if not out.parent.is_dir():
        raise MlchooseError(
            f"cannot write {str(out)!r}: no folder {str(out.parent)!r}", USAGE_ERROR
        )
    catalog = load_catalog(catalog_path)
    only = None
    if programs is not None:
        names = [n for n in (part.strip() for part in programs.split(",")) if n]
        if not names:
            raise MlchooseError("--programs needs at least one program id or alias", USAGE_ERROR)
        named = resolve(catalog, names)
        console.notes(named.notes)
        only = tuple(p["id"] for p in named.programs)
    result = rank(catalog, query(choices, selection, top=top, only=only))
    result = result._replace(notes=tuple(phrase(n) for n in result.notes))
    if not result.results:  # as rank says it, and no empty file to share
        console.notes(result.notes)
        raise MlchooseError(f"no program passes these filters: {str(out)!r} not written")
    # Robustness among the programs reported: the shortlist alone is sampled (issue 20).
    spread = shortlist_robustness(result, Robust())
    dominated = assess(result).dominance.dominated
    layers = (catalog_path[0], catalog_path[1:]) if catalog_path else ()
    text = report_view.render(
        result,
        fmt,
        generated=dt.date.today(),
        catalog_version=fingerprint(*layers),
        robustness=spread,
        dominated=dominated,
    )
    try:
        write_atomic(out, text.encode("utf-8"), mode=0o666, through_symlink=True)
    except OSError as problem:
        raise MlchooseError(f"cannot write {str(out)!r}: {problem.strerror or problem}") from None
    shown = len(result.results)
    # A status line, not the result (that is the file): on stderr, so a full or closed stdout
    # cannot turn a written report into a failure.
    console.status(f"Wrote {out} ({fmt}, {shown} program{'s' if shown != 1 else ''})")
