"""Weights that fit a person: built-in career profiles and the user's saved profiles.

Saved profiles are YAML files, one per profile, in ``profiles/`` under the user config folder
(platformdirs; ``$MLCHOOSE_CONFIG_DIR`` overrides it). One file per profile means two processes
saving different profiles never touch the same file, and every write is atomic (temporary file
in the same folder, fsync, rename), so a crash leaves the old file or the new one, never half.
A profile file that cannot be read is reported, and never overwritten without ``force``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from mlchoose.data.files import write_atomic
from mlchoose.errors import DATA_ERROR, USAGE_ERROR, MlchooseError, unknown_name
from mlchoose.user.preferences import (
    Preferences,
    Weights,
    parse_interests,
    parse_regions,
    parse_weights,
)
from mlchoose.vocab import CRITERIA, Criterion

ENV_CONFIG_DIR = "MLCHOOSE_CONFIG_DIR"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class Profile(NamedTuple):
    name: str
    weights: Mapping[Criterion, float]
    rationale: str
    regions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    builtin: bool = False

    def preferences(self) -> tuple[Weights, Preferences]:
        """The weights and preferences this profile stands for."""
        regions = parse_regions(",".join(self.regions)).regions if self.regions else frozenset()
        interests = parse_interests(",".join(self.interests)) if self.interests else frozenset()
        return Weights.of(self.weights), Preferences(regions, interests)


def _weights(**values: float) -> dict[Criterion, float]:
    return {c: values[c] for c in CRITERIA}


#: The career paths of the seed article, as weights. These are our reading of what each role
#: needs from a program, not measured facts; a user's own weights always override them.
BUILTIN: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "ml-engineer",
            _weights(curriculum=4, specializations=2, faculty=2, industry=4, region=1),
            "Builds and ships models: deep learning and practice in the courses, and industry "
            "ties for internships.",
            builtin=True,
        ),
        Profile(
            "data-scientist",
            _weights(curriculum=5, specializations=2, faculty=1, industry=4, region=1),
            "Turns data into decisions: strong statistics and ML fundamentals, plus practical "
            "projects with companies.",
            builtin=True,
        ),
        Profile(
            "research-scientist",
            _weights(curriculum=3, specializations=2, faculty=5, industry=1, region=1),
            "Advances AI (NLP, vision): research-active faculty matter most, then advanced "
            "courses.",
            builtin=True,
        ),
        Profile(
            "entrepreneur",
            _weights(curriculum=2, specializations=2, faculty=1, industry=5, region=3),
            "Starts an AI company: industry network and partners, and a place to build it.",
            builtin=True,
        ),
    )
}


def config_dir() -> Path:
    """The user's mlchoose settings folder (``$MLCHOOSE_CONFIG_DIR``, else platformdirs')."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from mlchoose.data.folders import user_folder

    return user_folder("config")


def folder() -> Path:
    return config_dir() / "profiles"


def _path(name: str) -> Path:
    return folder() / f"{name}.yaml"


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise MlchooseError(
            f"profile name {name!r} must be lower-case letters, digits and '-' (at most 40)",
            USAGE_ERROR,
        )
    return name


def _read(path: Path) -> Profile:
    """A saved profile, or a one-line error naming the file when it cannot be used."""
    from mlchoose.data.locate import line_of
    from mlchoose.data.yamlfile import read_document

    name = path.stem
    where = f"profile file {str(path)!r}"
    try:
        document, text = read_document(path, "profile file")
    except MlchooseError as error:
        message = str(error)  # unreadable ("... is a FIFO") or not YAML ("...: not valid YAML")
        if message.startswith(f"{where}: "):
            message = f"{where} is damaged ({message.removeprefix(f'{where}: ')})"
        raise MlchooseError(message, DATA_ERROR) from None
    if not isinstance(document, dict) or not isinstance(document.get("weights"), dict):
        raise MlchooseError(f"{where} is damaged (no weights)", DATA_ERROR)
    key: str | int = "weights"
    try:
        for key, value in document["weights"].items():
            parse_weights(f"{key}={_texts([value], 'weights')[0]}")
        key = "weights"
        weights = parse_weights(",".join(f"{k}={v}" for k, v in document["weights"].items()))
        key = "prefer_regions"
        regions = _texts(document.get(key), key)
        if regions:
            parse_regions(",".join(regions))
        key = "interests"
        interests = _texts(document.get(key), key)
        if interests:
            parse_interests(",".join(interests))
        key = "rationale"
        rationale = document.get(key, "")
        if isinstance(rationale, list | dict):
            raise MlchooseError("rationale must be text")
        profile = Profile(name, weights.raw, str(rationale), regions, interests)
        profile.preferences()  # every value must still parse
    except MlchooseError as error:
        at = line_of(text, *(("weights", key) if key in document["weights"] else (key,)))
        raise MlchooseError(f"{where} is damaged{at} ({error})", DATA_ERROR) from None
    return profile


def _texts(value: Any, key: str) -> tuple[str, ...]:
    """A list of plain names (regions, topics); anything else is a damaged file."""
    if value is None:
        return ()
    if not isinstance(value, list) or any(isinstance(v, list | dict) for v in value):
        raise MlchooseError(f"{key} must be a list of names", DATA_ERROR)
    return tuple(str(v) for v in value)


def get(name: str) -> Profile:
    """A built-in or saved profile by name, with "did you mean ...?" when there is none."""
    key = name.strip().lower()
    if key in BUILTIN:
        return BUILTIN[key]
    path = _path(key) if NAME.match(key) else None
    if path is not None and path.is_file():
        return _read(path)
    raise unknown_name("profile", name, names())


def names() -> list[str]:
    saved = sorted(p.stem for p in folder().glob("*.yaml")) if folder().is_dir() else []
    return [*BUILTIN, *saved]


def saved() -> list[Profile | MlchooseError]:
    """Every saved profile, or the error that makes it unusable (so one bad file hides none)."""
    found: list[Profile | MlchooseError] = []
    for path in sorted(folder().glob("*.yaml")) if folder().is_dir() else []:
        try:
            found.append(_read(path))
        except MlchooseError as error:
            found.append(error)
    return found


def save(profile: Profile, *, force: bool = False) -> Path:
    """Write a profile atomically; refuses built-in names and damaged files unless ``force``."""
    check_name(profile.name)
    if profile.name in BUILTIN:
        raise MlchooseError(
            f"{profile.name!r} is a built-in profile; choose another name", USAGE_ERROR
        )
    path = _path(profile.name)
    if path.exists() and not force:
        try:
            _read(path)  # a damaged file is reported, not silently replaced
        except MlchooseError as error:
            raise MlchooseError(f"{error}; use --force to replace it", DATA_ERROR) from None
    document: dict[str, Any] = {"weights": dict(profile.weights)}
    if profile.regions:
        document["prefer_regions"] = list(profile.regions)
    if profile.interests:
        document["interests"] = list(profile.interests)
    if profile.rationale:
        document["rationale"] = profile.rationale
    import yaml

    data = yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as error:
        raise MlchooseError(
            f"cannot save profile in {str(path.parent)!r}: {error.strerror}"
        ) from None
    return path


def delete(name: str) -> Path:
    name = check_name(name.strip().lower())
    if name in BUILTIN:
        raise MlchooseError(f"{name!r} is a built-in profile and cannot be deleted", USAGE_ERROR)
    path = _path(name)
    if not path.exists():
        raise unknown_name("saved profile", name, [n for n in names() if n not in BUILTIN])
    try:
        path.unlink()
    except OSError as error:
        raise MlchooseError(f"cannot delete {str(path)!r}: {error.strerror}") from None
    return path


def choices(
    given: Mapping[Criterion, float] | None,
    regions: str | None,
    interests: str | None,
    profile: str | None,
) -> tuple[Weights, Preferences]:
    """What a user asks for: a profile's weights and preferences (if named), with the weights
    given (parsed, per criterion named) and the regions and interests given as text on top."""
    base, prefs = (Weights(), Preferences()) if profile is None else get(profile).preferences()
    chosen = base if given is None else Weights.of({**base.raw, **given})
    wanted = prefs.regions if regions is None else parse_regions(regions).regions
    topics = prefs.interests if interests is None else parse_interests(interests)
    return chosen, Preferences(wanted, topics)
