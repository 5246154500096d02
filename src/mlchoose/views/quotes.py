"""``show --quotes``: each fact's verbatim quote from its page, with the page it comes from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from mlchoose.views.safe import clean

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlchoose.data.models import Program, Source


def quoted(program: Program) -> Iterator[tuple[str, str, str]]:
    """(field, quote, source key) for every fact of the program that carries a quote."""
    for name, value in program.items():
        if isinstance(value, dict) and "quote" in value and "source" in value:
            yield name, value["quote"], value["source"]
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and "quote" in item and "source" in item:
                    yield f"{name}.{i}", item["quote"], item["source"]


def block(program: Program, sources: Mapping[str, Source]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Quotes from the cited pages", title_justify="left", box=None)
    table.add_column("Fact", no_wrap=True, style="bold")
    table.add_column("Quote", overflow="fold", ratio=1)
    rows = list(quoted(program))
    for field, quote, key in rows:
        source: Any = sources.get(key, {})
        text = Text(f"“{clean(quote)}”")
        text.append(f"\n{clean(source.get('url', key))}", style="dim")
        table.add_row(clean(field), text)
    if not rows:
        return Text("No fact of this program carries a quote yet.", style="dim")
    return table
