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
    CRITERIA,
    CRITERION_SYNONYMS,
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
        """Weights with the given values and the default for every other criterion, checked."""
        raw = {c: given.get(c, DEFAULT_WEIGHT) for c in CRITERIA}
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


def criterion_named(text: str) -> Criterion:
    """The criterion a user means by ``text`` ('Industry-Ties' -> 'industry')."""
    key = normalise_key(text)
    for criterion in CRITERIA:
        if key == criterion:
            return criterion
    if key in CRITERION_SYNONYMS:
        return CRITERION_SYNONYMS[key]
    raise unknown_name("criterion", text.strip(), CRITERIA, CRITERION_SYNONYMS)


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
    """A YAML mapping of criterion to weight, e.g. ``faculty: 5``; its problems name the file."""
    import yaml

    where = f"weights file {str(path)!r}"
    if path.is_dir():
        raise MlchooseError(f"{where} is a directory", USAGE_ERROR)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MlchooseError(f"{where} does not exist", USAGE_ERROR) from None
    except (OSError, UnicodeDecodeError) as error:
        problem = getattr(error, "strerror", None) or error.__class__.__name__
        raise MlchooseError(f"cannot read {where}: {problem}", DATA_ERROR) from None
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise MlchooseError(f"{where} is not valid YAML: {problem}", DATA_ERROR) from None
    if not isinstance(document, dict) or not document:
        raise MlchooseError(f"{where} must be a mapping such as 'faculty: 5'", DATA_ERROR)
    try:
        return _weights_from_pairs((str(k), str(v)) for k, v in document.items())
    except MlchooseError as error:
        raise MlchooseError(f"{where}: {error}", DATA_ERROR) from None


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
