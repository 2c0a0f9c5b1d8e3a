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

    def test_miss_reasons(self, runner: ModuleType) -> None:
        """A missed gold cue is vetoed, matched with no relation, or absent from the lexicon."""
        explained = ([(10, 14)], [("attribution.not_after_determiner", (20, 24))])
        assert runner.miss_reasons((20, 24), explained) == (
            "vetoed: attribution.not_after_determiner"
        )
        assert runner.miss_reasons((11, 13), explained) == "in lexicon, no relation"
        assert runner.miss_reasons((30, 34), explained) == "not in lexicon"
        assert runner.miss_reasons((30, 34), None) == "unknown"

    def test_missed_by_why_from_the_scorer(self, runner: ModuleType) -> None:
        """With the articles explained, the missed cues are counted by reason."""
        from reliability.lexicon import LexiconSet
        from reliability.scorers.attribution import AttributionScorer

        text = "These claims were false. Bo Li grumbled it was bad."
        row = {
            "doc_id": "d",
            "text": text,
            "attributions": [
                {"cue": [_piece(text, "claims")], "source": [], "content": []},
                {"cue": [_piece(text, "grumbled")], "source": [], "content": []},
            ],
        }
        scorer = AttributionScorer(LexiconSet.default())
        explained = runner.explain([row], scorer)
        errors = runner.error_classes([row], {"d": []}, explained=explained)
        assert dict(errors["missed_why"]) == {
            "vetoed: attribution.not_after_determiner": 1,
            "not in lexicon": 1,
        }
