"""PolNeAR articles for tests, read from ../shared at run time (never copied into the repo)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def polnear_articles(shared_dir: Path, split: str = "dev") -> Iterator[dict[str, Any]]:
    """Each article of a PolNeAR split once (its first annotation file), in file order."""
    seen: set[str] = set()
    with (shared_dir / "data" / "polnear" / f"{split}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            if data["doc_id"] not in seen:
                seen.add(data["doc_id"])
                yield data
