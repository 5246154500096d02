"""Small hand-written catalogs for tests: exact numbers never come from the built-in catalog."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from mlchoose.data.catalog import check_document
from mlchoose.data.models import Catalog, Program

SHARED_SOURCES: dict[str, Any] = {
    "table": {"url": "https://example.org/faculty", "year": 2017, "kind": "dataset"},
}


def program_data(ident: str = "alpha", **overrides: Any) -> dict[str, Any]:
    """A valid program with every fact known; override or set a fact to 'unknown' per test."""
    data: dict[str, Any] = {
        "id": ident,
        "aliases": [f"{ident}-x"],
        "university": f"University {ident.title()}",
        "name": f"MS in Machine Learning at {ident}",
        "degree": "MS",
        "department": "Computer Science",
        "city": "Springfield",
        "state": "IL",
        "region": "midwest",
        "url": f"https://{ident}.example.edu/ms",
        "checked": "2026-11-26",
        "delivery": {"modes": ["on-campus"], "source": "page"},
        "duration": {"months_min": 12, "months_max": 16, "source": "page"},
        "tuition": {"amount_usd": 50000, "per": "year", "source": "prices"},
        "course_list": "complete",
        "topics": [
            {
                "topic": "statistics",
                "evidence": "required_course",
                "course": "STAT 500",
                "source": "page",
            },
        ],
        "specializations": {"tracks": ["Robotics", "Big Data"], "source": "page"},
        "faculty": {
            "institution": f"University {ident.title()}",
            "ai_faculty": 10,
            "ai_adjusted_pubs": 50.0,
            "robotics_adjusted_pubs": 5.0,
            "ai_rank_us": 20,
            "source": "table",
        },
        "industry": [
            {"kind": "practicum", "detail": "A practicum with a company.", "source": "page"}
        ],
        "sources": {
            "page": {"url": f"https://{ident}.example.edu/ms", "year": "undated"},
            "prices": {"url": f"https://{ident}.example.edu/tuition", "year": "2025-26"},
        },
    }
    data.update(overrides)
    return data


def catalog_data(*programs: dict[str, Any]) -> dict[str, Any]:
    return {"sources": copy.deepcopy(SHARED_SOURCES), "programs": list(programs)}


def problems_of(*programs: dict[str, Any]) -> str:
    """Every problem the validator finds in a catalog of these programs, one per line."""
    catalog, problems = check_document(catalog_data(*programs))
    assert catalog is None, "expected problems"
    return "\n".join(str(p) for p in problems)


def make_catalog(*programs: dict[str, Any]) -> Catalog:
    catalog, problems = check_document(catalog_data(*programs))
    assert catalog is not None, problems
    return catalog


def make_program(ident: str = "alpha", **overrides: Any) -> Program:
    return make_catalog(program_data(ident, **overrides))["programs"][0]


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)
