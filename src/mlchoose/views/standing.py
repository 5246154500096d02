"""``show``'s closing block: the missing facts that would most change the program's standing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlchoose.views.safe import clean

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlchoose.core.standing import Discovery


def lines(found: Sequence[Discovery]) -> list[str]:
    return [
        f"{d.criterion}: {clean(d.gap)}. Rank {d.rank_high} to {d.rank_low} "
        f"(total {d.total_high:.1f} to {d.total_low:.1f}) depending on what it turns out to be."
        for d in found
    ]


def block(found: Sequence[Discovery]) -> RenderableType:
    from rich.text import Text

    text = Text("What would most change its standing", style="bold")
    if not found:
        text.append("\nNothing: every weighted score is known exactly.")
    for line in lines(found):
        text.append(f"\n- {line}")
    return text


def records(found: Sequence[Discovery]) -> list[dict[str, Any]]:
    return [
        {
            "criterion": d.criterion,
            "gap": d.gap,
            "total_range": [round(d.total_low, 2), round(d.total_high, 2)],
            "rank_range": [d.rank_high, d.rank_low],
        }
        for d in found
    ]
