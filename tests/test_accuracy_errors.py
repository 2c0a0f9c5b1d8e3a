"""The PolNeAR accuracy runner's error classes (benchmarks/accuracy_polnear.py --errors)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    """The runner module, loaded from the source checkout."""
    if not (BENCHMARKS / "accuracy_polnear.py").is_file():
        pytest.skip("needs the source checkout's benchmarks/")
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(
        "accuracy_polnear", BENCHMARKS / "accuracy_polnear.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _piece(text: str, word: str) -> dict[str, object]:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "text": word}


class TestErrorClasses:
    def test_missed_spurious_and_boundaries(self, runner: ModuleType) -> None:
        """A gold cue no prediction overlaps is missed, a predicted cue no gold overlaps is
        spurious (by rule), and a found source cut before its appositive is classed so."""
        text = "Ana Ruiz, the mayor, said it rained. Bo Li thinks so. The said plan failed."
        row = {
            "doc_id": "d",
            "text": text,
            "attributions": [
                {
                    "cue": [_piece(text, "said it")],
                    "source": [_piece(text, "Ana Ruiz, the mayor,")],
                    "content": [_piece(text, "it rained")],
                },
                {"cue": [_piece(text, "thinks")], "source": [_piece(text, "Bo Li")], "content": []},
            ],
        }
        said = text.index("said")
        spurious = text.index("said plan")
        relations = {
            "d": [
                ((said, said + 4), (0, 8), None, "attribution.subject_cue"),
                ((spurious, spurious + 4), None, None, "attribution.no_source"),
            ]
        }
        errors = runner.error_classes([row], relations)
        assert errors["missed_cues"] == [("thinks", 1)]
        assert errors["spurious_by_rule"] == [("attribution.no_source", 1)]
        assert errors["sources"] == [
            ("ends before a comma phrase (appositive, relative clause)", 1)
        ]
