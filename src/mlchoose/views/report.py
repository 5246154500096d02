"""A shortlist report to share: the format follows the output file's suffix.

``.html`` is one self-contained page (:mod:`mlchoose.views.html`, Jinja2 templates), ``.svg`` the
chart alone (:mod:`mlchoose.views.svg`), ``.md`` Markdown (:mod:`mlchoose.views.markdown`). Each
writer is imported only when chosen, so a Markdown or SVG report loads neither Jinja2 nor Rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mlchoose.errors import USAGE_ERROR, MlchooseError

if TYPE_CHECKING:
    from mlchoose.core.ranking import Ranking
    from mlchoose.core.robustness import Robustness

Format = Literal["html", "svg", "markdown"]
#: The report format follows the suffix of the output file.
SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".svg": "svg", ".md": "markdown"}


def format_of(path: Path) -> Format:
    """The report format for an output file, from its suffix; anything else is a usage error."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        choices = ", ".join(SUFFIXES)
        raise MlchooseError(
            f"cannot tell the report format of {str(path)!r}: end the file name in {choices}",
            USAGE_ERROR,
        )
    return found


def render(
    ranking: Ranking,
    fmt: Format,
    *,
    generated: dt.date,
    catalog_version: str,
    robustness: Robustness | None = None,
    dominated: Mapping[str, str] | None = None,
) -> str:
    """The report in ``fmt``; robustness figures appear in the HTML and Markdown only."""
    if fmt == "svg":
        from mlchoose.views import svg

        return svg.chart(ranking, generated=generated, catalog_version=catalog_version)
    from mlchoose.views.shortlist import figures

    found = figures(robustness)
    if fmt == "html":
        from mlchoose.views import html

        return html.report(
            ranking,
            generated=generated,
            catalog_version=catalog_version,
            robustness=found,
            dominated=dominated,
        )
    from mlchoose.views import markdown

    return markdown.report(
        ranking,
        generated=generated,
        catalog_version=catalog_version,
        robustness=found,
        dominated=dominated,
    )
