"""Options shared by several commands, declared once, and the one builder of a Query.

A command names the bundles it takes with :func:`uses`; each bundle adds its options to the
command's signature (grouped under a ``rich_help_panel`` in ``--help``) and hands the command one
parsed value: the weights and preferences, or the filters. So the nine filter
options are written here once, not in every command (sqlite-utils' shared option decorators, in
Typer's signature-driven style).
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from mlchoose.vocab import Criterion, Delivery

if TYPE_CHECKING:
    from mlchoose.core.filters import Filter
    from mlchoose.core.query import Query
    from mlchoose.data.catalog import Loaded
    from mlchoose.data.models import Catalog
    from mlchoose.user.preferences import Preferences, Weights

WEIGHTS_PANEL = "Weights and preferences"
FILTERS_PANEL = "Filters"
CATALOG_PANEL = "Catalog"

#: Option names of the core's error data, as the command line spells them.
FLAGS: dict[str, str] = {
    "top": "--top",
    "samples": "--samples",
    "concentration": "--concentration",
    "prefer_region": "--prefer-region",
    "interests": "--interests",
    "keep_unknown": "--keep-unknown",
    "pareto": "--pareto",
    "robust": "--robust",
    "unknowns": "--unknowns",
    "force": "--force",
    "stem_stated": "--stem-stated",
}


def flag(name: str) -> str:
    return FLAGS.get(name, "--" + name.replace("_", "-"))


def phrase(text: str) -> str:
    """A core message with its ``{option}`` placeholders spelled as flags (other braces, such
    as a user's typo quoted in the message, stay as they are)."""
    for name in FLAGS:
        text = text.replace("{" + name + "}", flag(name))
    return text


def complete_program(ctx: typer.Context, incomplete: str) -> list[str]:
    """Program names for Typer's own completion (the fast path answers most Tabs first)."""
    from mlchoose.data import catalog
    from mlchoose.errors import MlchooseError

    paths = ctx.params.get("catalog_path") or []
    try:
        programs = (catalog.load(paths[0], paths[1:]) if paths else catalog.load())["programs"]
    except MlchooseError:
        return []
    names = (n for p in programs for n in catalog.names(p))
    return [n for n in names if n.startswith(incomplete.lower())]


CatalogPaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        envvar="MLCHOOSE_CATALOG",
        metavar="FILE",
        show_default=False,
        rich_help_panel=CATALOG_PANEL,
        help="Use this catalog file instead of the built-in one, e.g. --catalog my-programs.yaml; "
        "give it again to lay overlay files over it (see README, 'Your own data').",
    ),
]
WeightsText = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="NAME=N,...|FILE",
        show_default=False,
        rich_help_panel=WEIGHTS_PANEL,
        help="Criterion weights as NAME=NUMBER pairs, e.g. faculty=5,industry=3 (unnamed criteria "
        "weigh 1), or a YAML file of them. Criteria: curriculum, specializations, faculty, "
        "industry, region.",
    ),
]
PreferRegionText = Annotated[
    str | None,
    typer.Option(
        "--prefer-region",
        "-p",
        metavar="REGIONS",
        show_default=False,
        rich_help_panel=WEIGHTS_PANEL,
        help="Regions you would like to live in, e.g. west,northeast (also east-coast, west-coast, "
        "mid-west). Without it the region criterion is neutral.",
    ),
]
InterestsText = Annotated[
    str | None,
    typer.Option(
        "--interests",
        "-i",
        metavar="TOPICS",
        show_default=False,
        rich_help_panel=WEIGHTS_PANEL,
        help="Topics you care about, e.g. nlp,robotics: they weigh in the curriculum and "
        "specializations scores (see 'show').",
    ),
]
ProfileName = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-P",
        metavar="NAME",
        show_default=False,
        rich_help_panel=WEIGHTS_PANEL,
        help="Start from a profile's weights: ml-engineer, data-scientist, research-scientist, "
        "entrepreneur, or one you saved ('mlchoose profile list'); --weights adjusts it.",
    ),
]
RegionText = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        metavar="REGIONS",
        show_default=False,
        rich_help_panel=FILTERS_PANEL,
        help="Only programs in these regions, e.g. --region midwest,west.",
    ),
]
DeliveryMode = Annotated[
    Delivery | None,
    typer.Option(
        metavar="MODE",
        show_default=False,
        rich_help_panel=FILTERS_PANEL,
        help="Only programs offered this way (on-campus, online or hybrid), e.g. --delivery "
        "online.",
    ),
]
OnlineFlag = Annotated[
    bool,
    typer.Option("--online", rich_help_panel=FILTERS_PANEL, help="Same as --delivery online."),
]
#: An amount as people write dollars: 60000, 60,000, $60k, 1.2m (k: thousand, m: million).
_AMOUNT = re.compile(
    r"\$?\s*([0-9]{1,15}(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+)\s*([km]?)", re.IGNORECASE
)


def dollars(text: str) -> float:
    """A dollar amount from the command line: '70k' and '$70,000' mean what a student means;
    a plain number a script writes ('1e5') too."""
    found = _AMOUNT.fullmatch(text.strip())
    if found is not None:
        number, unit = found.groups()
        amount = float(number.replace(",", "")) * {"": 1, "k": 1e3, "m": 1e6}[unit.lower()]
    else:
        try:
            amount = float(text) if text.isascii() else math.nan
        except ValueError:
            amount = math.nan
    if not math.isfinite(amount) or amount < 0:
        raise typer.BadParameter(
            f"{text!r} is not an amount in dollars; write it like 70000, 70k or $70,000"
        )
    return amount


MaxCost = Annotated[
    float | None,
    typer.Option(
        "--max-cost",
        "--max-tuition",
        parser=dollars,
        metavar="USD",
        show_default=False,
        rich_help_panel=FILTERS_PANEL,
        help="Only programs whose total cost (tuition and fees for the whole degree, see "
        "'show') is at most this, e.g. --max-cost 60000 or 60k.",
    ),
]
MaxMonths = Annotated[
    int | None,
    typer.Option(
        min=1,
        metavar="N",
        show_default=False,
        rich_help_panel=FILTERS_PANEL,
        help="Only programs that take at most N months.",
    ),
]
StemFlag = Annotated[
    bool,
    typer.Option(
        "--stem",
        rich_help_panel=FILTERS_PANEL,
        help="Only STEM-designated programs (for OPT's STEM extension); 'likely' ones (the field "
        "of study's every CIP code is on the DHS list) and unknown ones are listed apart as "
        "could pass.",
    ),
]
StemStatedFlag = Annotated[
    bool,
    typer.Option(
        "--stem-stated",
        rich_help_panel=FILTERS_PANEL,
        help="Like --stem, but only STEM status the university states (or a stated CIP code).",
    ),
]
MinEarnings = Annotated[
    float | None,
    typer.Option(
        parser=dollars,
        metavar="USD",
        show_default=False,
        rich_help_panel=FILTERS_PANEL,
        help="Only programs whose field's master's graduates at that university earn at least "
        "USD a year after (College Scorecard median, not this program alone), e.g. 90k.",
    ),
]
NoGreFlag = Annotated[
    bool,
    typer.Option(
        "--no-gre", rich_help_panel=FILTERS_PANEL, help="Only programs that do not require the GRE."
    ),
]
PartTimeFlag = Annotated[
    bool,
    typer.Option(
        "--part-time",
        rich_help_panel=FILTERS_PANEL,
        help="Only programs that can be taken part-time.",
    ),
]
InternationalFlag = Annotated[
    bool,
    typer.Option(
        "--international",
        rich_help_panel=FILTERS_PANEL,
        help="For a student on an F-1 visa: on-campus or hybrid programs only (an online degree "
        "does not support the visa), STEM status shown and STEM programs first (OPT: 12 months, "
        "plus 24 with a STEM degree), no region bonus for online delivery.",
    ),
]
KeepUnknownFlag = Annotated[
    bool,
    typer.Option(
        "--keep-unknown",
        rich_help_panel=FILTERS_PANEL,
        help="Rank the programs that could pass (a filtered fact unknown, disputed or only likely) "
        "with the others, for scripts (by default they are listed apart).",
    ),
]


TopN = Annotated[
    int | None,
    typer.Option(
        "--top",
        "-n",
        min=1,
        metavar="N",
        show_default=False,
        help="Only the best N programs, e.g. --top 5.",
    ),
]


class Choices(NamedTuple):
    """What the weight options ask for, parsed."""

    weights: Weights
    prefs: Preferences
    #: The weights as typed, or the profile named (None: neither was given).
    given: str | None = None


class Selection(NamedTuple):
    """What the filter options ask for, parsed."""

    filters: tuple[Filter, ...]
    keep_unknown: bool
    international: bool = False


def load_catalog(paths: list[Path] | None, *, slim: bool = False) -> Catalog:
    return load_keyed(paths, slim=slim).catalog


def load_keyed(paths: list[Path] | None, *, slim: bool = False) -> Loaded:
    """The catalog the ``--catalog`` options name, with its cache key."""
    from mlchoose.data import catalog

    return catalog.loaded(paths[0], paths[1:], slim=slim) if paths else catalog.loaded(slim=slim)


def _choices(
    weights: WeightsText = None,
    profile: ProfileName = None,
    prefer_region: PreferRegionText = None,
    interests: InterestsText = None,
) -> Choices:
    """The weights and preferences asked for, the region question settled: a region weight
    typed without a region is asked about at a terminal, else left out with a note (see
    cli/regions.py); the default region weight, nobody's choice, is left out silently; a
    profile's (built-in or saved) is left out with the ranking's note."""
    typed, chosen, prefs = _parsed(weights, profile, prefer_region, interests)
    region = 0.0 if typed is None else typed.get("region", 0.0)
    if not prefs.regions and (region > 0 or profile is None):
        from mlchoose.cli import regions

        if region > 0:
            chosen, prefs = regions.settle(chosen, prefs, region)
        elif regions.weighs_others(chosen):
            chosen = regions.without_region(chosen)
    return Choices(chosen, prefs, weights or profile)


def _as_given(
    weights: WeightsText = None,
    profile: ProfileName = None,
    prefer_region: PreferRegionText = None,
    interests: InterestsText = None,
) -> Choices:
    """The weights and preferences exactly as given, region question aside (``profile save``
    keeps a region weight without a region: the profile then works like a built-in one)."""
    _, chosen, prefs = _parsed(weights, profile, prefer_region, interests)
    return Choices(chosen, prefs, weights or profile)


def _parsed(
    weights: str | None, profile: str | None, prefer_region: str | None, interests: str | None
) -> tuple[Mapping[Criterion, float] | None, Weights, Preferences]:
    """(the weights typed, the weights chosen, the preferences): a weights file is read once."""
    from mlchoose.user.preferences import given_weights
    from mlchoose.user.profiles import choices

    typed = None if weights is None else given_weights(weights)
    chosen, prefs = choices(typed, prefer_region, interests, profile)
    return typed, chosen, prefs


def _selection(
    region: RegionText = None,
    delivery: DeliveryMode = None,
    online: OnlineFlag = False,
    max_cost: MaxCost = None,
    max_months: MaxMonths = None,
    stem: StemFlag = False,
    stem_stated: StemStatedFlag = False,
    min_earnings: MinEarnings = None,
    no_gre: NoGreFlag = False,
    part_time: PartTimeFlag = False,
    international: InternationalFlag = False,
    keep_unknown: KeepUnknownFlag = False,
) -> Selection:
    """The fact filters the options ask for, in the order they were described."""
    from mlchoose.core import filters
    from mlchoose.user.preferences import parse_regions

    chosen: list[Filter] = []
    if region is not None:
        chosen.append(filters.in_regions(parse_regions(region).regions))
    modes: list[Delivery] = [delivery] if delivery else []
    if online and "online" not in modes:
        modes.append("online")
    chosen += [filters.delivered(mode) for mode in modes]
    if max_cost is not None:
        chosen.append(filters.max_cost(max_cost))
    if max_months is not None:
        chosen.append(filters.max_months(max_months))
    if stem or stem_stated:
        chosen.append(filters.stem(stated_only=stem_stated))
    if min_earnings is not None:
        chosen.append(filters.min_earnings(min_earnings))
    switches = (
        (no_gre, filters.no_gre),
        (part_time, filters.part_time),
        (international, filters.in_person),
    )
    chosen += [make() for on, make in switches if on]
    return Selection(tuple(chosen), keep_unknown, international)


#: The bundles a command can take: parameter name -> the function that parses its options.
BUNDLES: dict[str, Callable[..., Any]] = {
    "choices": _choices,
    "as_given": _as_given,
    "selection": _selection,
}


def uses(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the options of these bundles; it receives each bundle's parsed value.

    The command declares a parameter per bundle (``choices``, ``selection``); its
    place in the signature is taken by the bundle's options, so ``--help`` lists them there.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        own = inspect.signature(command, eval_str=True)
        expanded: list[inspect.Parameter] = []
        taken: dict[str, list[str]] = {}
        for param in own.parameters.values():
            if param.name in names:
                extra = list(
                    inspect.signature(BUNDLES[param.name], eval_str=True).parameters.values()
                )
                taken[param.name] = [p.name for p in extra]
                expanded += [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in extra]
            else:
                expanded.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(command)
        def run(**given: Any) -> Any:
            for bundle, params in taken.items():
                given[bundle] = BUNDLES[bundle](**{p: given.pop(p) for p in params})
            return command(**given)

        run.__signature__ = own.replace(parameters=expanded)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in expanded}
        return run

    return decorate


def query(
    choices: Choices,
    selection: Selection | None = None,
    *,
    top: int | None = None,
    only: tuple[str, ...] | None = None,
    explain: bool = True,
) -> Query:
    """The one place a Query is built from parsed options."""
    from mlchoose.core.query import Query

    filters, keep = (selection.filters, selection.keep_unknown) if selection else ((), False)
    prefs = choices.prefs
    if selection is not None and selection.international:
        prefs = prefs._replace(international=True)
    return Query(choices.weights, prefs, filters, keep, top, only, explain)
