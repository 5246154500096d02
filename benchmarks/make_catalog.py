"""Write a synthetic catalog of N programs, made by copying the real entries under new ids.

python benchmarks/make_catalog.py 10000 big.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def write_catalog(path: Path, size: int) -> None:
    real = yaml.load((ROOT / "programs.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    programs = []
    for i in range(size):
        template = real["programs"][i % len(real["programs"])]
        copy = {**template, "id": f"{template['id']}-{i}", "aliases": [f"p{i}"]}
        programs.append(copy)
    document = {"sources": real["sources"], "programs": programs}
    dumper = type("PlainDumper", (yaml.CSafeDumper,), {"ignore_aliases": lambda self, data: True})
    path.write_text(yaml.dump(document, Dumper=dumper, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    write_catalog(Path(sys.argv[2]), int(sys.argv[1]))
