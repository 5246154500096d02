"""Fixed vocabularies shared by the catalog, scoring and the command line.

Plain constants with no third-party imports, so that argument parsing and tab completion can
use them without loading Pydantic or PyYAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, get_args

Criterion = Literal["curriculum", "specializations", "faculty", "industry", "region", "outcomes"]
#: Every criterion, in the fixed order of every table.
ALL_CRITERIA: Final[tuple[Criterion, ...]] = get_args(Criterion)
#: Criteria that weigh 0 unless the user names them, and are shown only then: ``outcomes``
#: (graduate earnings by field, from federal data) is an opt-in, so every ranking without it is
#: exactly the ranking of the five criteria of the brief.
OPT_IN: Final[tuple[Criterion, ...]] = ("outcomes",)
#: The five criteria of the brief: each weighs 1 unless the user says otherwise.
CRITERIA: Final[tuple[Criterion, ...]] = tuple(c for c in ALL_CRITERIA if c not in OPT_IN)


def criteria_of(weights: Mapping[Criterion, object]) -> tuple[Criterion, ...]:
    """The criteria in play for these weights (or scores), in the fixed order: the five, and an
    opt-in criterion only where it is present."""
    return tuple(c for c in ALL_CRITERIA if c in weights)


#: Other spellings a user may type for a criterion (after lower-casing; '-' and ' ' become '_').
CRITERION_SYNONYMS: Final[dict[str, Criterion]] = {
    "courses": "curriculum",
    "curricula": "curriculum",
    "specialization": "specializations",
    "specialisations": "specializations",
    "specialisation": "specializations",
    "tracks": "specializations",
    "track": "specializations",
    "research": "faculty",
    "industry_ties": "industry",
    "industry_connections": "industry",
    "ties": "industry",
    "location": "region",
    "regions": "region",
    "earnings": "outcomes",
    "salary": "outcomes",
    "salaries": "outcomes",
    "outcome": "outcomes",
    "pay": "outcomes",
}

Region = Literal["northeast", "southeast", "midwest", "southwest", "west"]
REGIONS: Final[tuple[Region, ...]] = get_args(Region)

#: The seed article's coarse regions map onto the catalog's five (keys after normalising).
REGION_SYNONYMS: Final[dict[str, tuple[Region, ...]]] = {
    "eastcoast": ("northeast", "southeast"),
    "east": ("northeast", "southeast"),
    "westcoast": ("west",),
    "midwest": ("midwest",),
    "south": ("southeast", "southwest"),
    "northeast": ("northeast",),
    "southeast": ("southeast",),
    "southwest": ("southwest",),
    "west": ("west",),
}

Delivery = Literal["on-campus", "online", "hybrid"]

Topic = Literal[
    "linear-algebra",
    "probability",
    "statistics",
    "optimization",
    "ml-foundations",
    "deep-learning",
    "nlp",
    "computer-vision",
    "reinforcement-learning",
    "robotics",
    "data-mining",
    "big-data",
    "databases",
    "algorithms",
    "causal-inference",
    "ethics",
    "project",
]
TOPICS: Final[tuple[Topic, ...]] = get_args(Topic)

#: How directly a course list shows that a topic is taught, strongest first.
EvidenceLevel = Literal[
    "required_course", "option_in_required_group", "elective_or_area", "program_description"
]

#: Where a fact comes from: stated by the program (a quote from its page), reported in federal
#: data, inferred (with the reasoning in a note), or given by secondary sources only. Views say
#: which; an inference is never shown as a plain "yes".
Basis = Literal["stated", "reported", "inferred", "secondary"]

#: official: the university's own page; mirror: a third-party copy of one; secondary: any other
#: site; dataset: a curated data set used as designed (the CSRankings faculty table).
SourceKind = Literal["official", "mirror", "secondary", "dataset"]

IndustryKind = Literal[
    "required-internship",
    "optional-internship",
    "practicum",
    "industry-capstone",
    "named-partners",
    "placement-report",
    "career-services",
]
INDUSTRY_KINDS: Final[tuple[IndustryKind, ...]] = get_args(IndustryKind)

TuitionPeriod = Literal["program", "year", "term", "credit"]

CreditUnit = Literal[
    "semester-credits",
    "quarter-units",
    "cmu-units",
    "mit-units",
    "points",
    "course-units",
    "courses",
]
TermKind = Literal["semester", "quarter"]
#: Terms in one academic year, to turn a per-year price into a total.
TERMS_PER_YEAR: Final[dict[TermKind, int]] = {"semester": 2, "quarter": 3}
StartTerm = Literal["fall", "spring", "summer", "winter"]
GrePolicy = Literal["required", "optional", "not-considered"]
ThesisOption = Literal["required", "optional", "none"]


#: Robustness sampling defaults (``rank --robust``): one place for the command line and the core.
ROBUST_SAMPLES: Final = 10_000
ROBUST_MAX_SAMPLES: Final = 1_000_000
ROBUST_SEED: Final = 1
ROBUST_CONCENTRATION: Final = 20.0


def normalise_key(text: str) -> str:
    """Lower-case a user-typed name and unify its separators: 'Industry Ties' -> 'industry_ties'."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
