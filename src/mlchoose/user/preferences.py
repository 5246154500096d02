"""What the user asks for: criterion weights and preferred regions, parsed and checked once.

Plain named tuples rather than Pydantic models: weights are parsed on every command, and these
few rules are clearer written out than expressed as a schema.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from mlchoose.errors import DATA_ERROR, USAGE_ERROR, MlchooseError, unknown_name
from mlchoose.vocab import (
    ALL_CRITERIA,
    CRITERIA,
    CRITERION_SYNONYMS,
    OPT_IN,
    REGION_SYNONYMS,
    REGIONS,
    TOPICS,
    Criterion,
    Region,
    Topic,
    normalise_key,
)

DEFAULT_WEIGHT = 1.0


#: One weight per criterion, every one the default: what a user who gives none asks for.
_DEFAULTS: Mapping[Criterion, float] = MappingProxyType(dict.fromkeys(CRITERIA, DEFAULT_WEIGHT))


class Weights(NamedTuple):
    """Raw, non-negative weight per criterion; criteria not named by the user weigh 1.

    Build checked weights with :meth:`of`; ``Weights()`` is every criterion at the default.
    """

    raw: Mapping[Criterion, float] = _DEFAULTS

    @classmethod
    def of(cls, given: Mapping[Criterion, float]) -> Weights:
        """Weights with the given values and the default for every other criterion of the five,
        checked; an opt-in criterion (outcomes) is in play only when given."""
        raw = {c: given.get(c, DEFAULT_WEIGHT) for c in CRITERIA}
        raw.update({c: given[c] for c in OPT_IN if c in given})
        for name, value in raw.items():
            if value is None or not math.isfinite(value) or value < 0:
                raise MlchooseError(
                    f"weight of {name} must be a finite number >= 0, not {value}", USAGE_ERROR
                )
        if not any(raw.values()):
            raise MlchooseError(
                "all weights are zero; give at least one a positive weight", USAGE_ERROR
            )
        return cls(MappingProxyType(raw))


class Preferences(NamedTuple):
    """Preferred regions (none: region is neutral) and topics the user cares about."""

    regions: frozenset[Region] = frozenset()
    interests: frozenset[Topic] = frozenset()
    #: A student on an F-1 visa: an online-only program cannot host the visa, so it never
    #: scores region fit for being online, and STEM-designated programs come first (OPT).
    international: bool = False


def criterion_named(text: str) -> Criterion:
    """The criterion a user means by ``text`` ('Industry-Ties' -> 'industry')."""
    key = normalise_key(text)
    for criterion in ALL_CRITERIA:
        if key == criterion:
            return criterion
    if key in CRITERION_SYNONYMS:
        return CRITERION_SYNONYMS[key]
    raise unknown_name("criterion", text.strip(), ALL_CRITERIA, CRITERION_SYNONYMS)


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise MlchooseError(
            f"weight of {name} must be a number, not {text.strip()!r}", USAGE_ERROR
        ) from None
    if not math.isfinite(value) or value < 0:
        raise MlchooseError(
            f"weight of {name} must be a finite number >= 0, not {text.strip()}", USAGE_ERROR
        )
    return value


def parse_weights(text: str) -> Weights:
    """``faculty=5,industry=3`` or a path to a YAML file of the same pairs."""
    return Weights.of(given_weights(text))


def given_weights(text: str) -> dict[Criterion, float]:
    """Only the weights ``text`` names (pairs or a YAML file), checked one by one."""
    candidate = Path(text)
    if (
        "=" not in text
        and text.strip()
        and (candidate.suffix in (".yaml", ".yml") or candidate.exists())
    ):
        return _given_in_file(candidate)
    pairs: list[tuple[str, str]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise MlchooseError(
                f"malformed weights {text!r}: write NAME=NUMBER pairs, e.g. faculty=5,industry=3",
                USAGE_ERROR,
            )
        pairs.append((name, value))
    return _weights_from_pairs(pairs)


def _weights_from_pairs(pairs: Iterable[tuple[str, str]]) -> dict[Criterion, float]:
    given: dict[Criterion, float] = {}
    for name, value in pairs:
        criterion = criterion_named(name)
        if criterion in given:
            raise MlchooseError(f"weight of {criterion} is given twice", USAGE_ERROR)
        given[criterion] = _number(criterion, value)
    if not given:
        raise MlchooseError("empty weights: write NAME=NUMBER pairs, e.g. faculty=5", USAGE_ERROR)
    return given


def _given_in_file(path: Path) -> dict[Criterion, float]:
    """A YAML mapping of criterion to weight, e.g. ``faculty: 5``; its problems name the file.

    Read by the one YAML loader (regular file, size, shape and alias limits; see yamlfile)."""
    from mlchoose.data.locate import line_of
    from mlchoose.data.yamlfile import read_document

    where = f"weights file {str(path)!r}"
    document, text = read_document(path, "weights file")
    if not isinstance(document, dict) or not document:
        raise MlchooseError(f"{where} must be a mapping such as 'faculty: 5'", DATA_ERROR)
    given: dict[Criterion, float] = {}
    for key, value in document.items():
        try:
            if not _plain(value):
                raise MlchooseError(f"weight of {key} must be a number, e.g. 'faculty: 5'")
            [(criterion, weight)] = _weights_from_pairs([(str(key), str(value))]).items()
            if criterion in given:
                raise MlchooseError(f"weight of {criterion} is given twice")
            given[criterion] = weight
        except MlchooseError as error:
            at = line_of(text, str(key))
            raise MlchooseError(f"{where}{at}: {error}", DATA_ERROR) from None
    return given


def _plain(value: object) -> bool:
    """A scalar (not a list or mapping, whose text could be huge)."""
    return not isinstance(value, list | dict)


#: Other names a user may type for a topic (after normalising: lower case, '_' for '-' and ' ').
TOPIC_SYNONYMS: dict[str, Topic] = {
    "vision": "computer-vision",
    "cv": "computer-vision",
    "dl": "deep-learning",
    "rl": "reinforcement-learning",
    "ml": "ml-foundations",
    "machine_learning": "ml-foundations",
    "natural_language_processing": "nlp",
    "language": "nlp",
    "stats": "statistics",
    "data": "big-data",
    "causality": "causal-inference",
}


def parse_interests(text: str) -> frozenset[Topic]:
    """``nlp,robotics``: topics of the catalog's vocabulary, with a few common short names."""
    by_key = {normalise_key(t): t for t in TOPICS}
    topics: set[Topic] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        key = normalise_key(part)
        topic = by_key.get(key) or TOPIC_SYNONYMS.get(key)
        if topic is None:
            raise unknown_name("topic", part.strip(), TOPICS, TOPIC_SYNONYMS)
        topics.add(topic)
    if not topics:
        raise MlchooseError("no topic given for --interests", USAGE_ERROR)
    return frozenset(topics)


def parse_regions(text: str) -> Preferences:
    """``west,northeast`` or the seed article's ``East Coast``, ``West Coast``, ``Mid-West``."""
    regions: set[Region] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        key = normalise_key(part).replace("_", "")
        if key not in REGION_SYNONYMS:
            raise unknown_name(
                "region", part.strip(), (*REGIONS, "east-coast", "west-coast", "mid-west")
            )
        regions.update(REGION_SYNONYMS[key])
    if not regions:
        raise MlchooseError("no region given", USAGE_ERROR)
    return Preferences(frozenset(regions))
