"""The reports say, for each source, why it has its kind (the source-kind table row's reason)."""

from __future__ import annotations

import pytest

from reliability.document import Document
from reliability.model import Profile
from reliability.profile import Pipeline
from reliability.report import render
from reliability.report._common import kind_reasons, kind_why

TEXT = (
    "A senior official said the talks had stalled. Ana Ruiz said they had not. "
    "Tax experts said the plan would fail."
)
WHY = {
    "A senior official": "anonymous: role noun without a name",
    "Ana Ruiz": "on record: a name",
    "Tax experts": "unspecified: a kind of commentator, not identified (analysts, experts, critics)",
}


@pytest.fixture(scope="module")
def profile() -> Profile:
    return Pipeline(scorers=["attribution", "anonymous_sourcing"]).score_document(
        Document.from_text(TEXT)
    )


class TestKindReasons:
    def test_each_source_has_its_reason(self, profile: Profile) -> None:
        """Every attribution's kind comes with the reason of the row that decided it."""
        reasons = kind_reasons(profile)
        got = {a.source.text: kind_why(a, reasons) for a in profile.attributions if a.source}
        assert got == WHY

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_report_shows_reasons(self, profile: Profile, fmt: str) -> None:
        """The text, Markdown and HTML reports show each source's kind reason."""
        out = render(profile, fmt)
        for why in WHY.values():
            assert why.split(": ", 1)[1] in out

    def test_profile_without_reasons_shows_kind_only(self, profile: Profile) -> None:
        """A profile whose evidence carries no reason shows the bare kind."""
        a = next(a for a in profile.attributions if a.source is not None)
        assert kind_why(a, {}) == (a.source_kind or "unknown").replace("_", " ")
