"""One value per quantity: every place a shared count or share appears gives the same number."""

from __future__ import annotations

import csv
import io
import json
import re

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import reliability
from reliability.compare import compare
from reliability.document import Document
from reliability.lexicon import LexiconSet
from reliability.model import IndexComponent, Profile
from reliability.profile import Pipeline
from reliability.quantities import (
    ProfileFacts,
    article_source_keys,
    body_words,
    distinct_sources,
    kind_counts,
    source_key,
    typed_count,
)
from reliability.ranges import merge
from reliability.report.csv import render_csv
from reliability.report.html import render_html
from reliability.scorers._attribution.classes import WordClasses
from tests.strategies import sourced_articles, texts

PIPELINE = Pipeline()
TITLES = frozenset({"mayor", "gen", "president", "minister"})

RUIZ = (
    "Mayor Ana Ruiz said the bridge would reopen on Monday. Ana Ruiz said the repairs were "
    "finished. The mayor said the cost was lower than planned."
)
SEED_LIKE = (
    "Officials said the port would close on Friday. pic.twitter.com/a1B2c3 — Ana Ruiz "
    "(@anaruiz) September 1, 2016. Ana Ruiz said it would not, and a senior official, who asked "
    "not to be named, said talks would go on. The minister said nothing. He said more."
)

PRONOUNS = frozenset(WordClasses.of(LexiconSet.default()).pronouns)


def _csv_row(profile: Profile) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(render_csv(profile))))


def _num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _close(a: float | None, b: float | None, tol: float = 1e-4) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tol


@attrs.frozen
class _Seen:
    """One profile and every place its quantities appear."""

    text: str
    p: Profile
    facts: ProfileFacts
    row: dict[str, str]
    comps: dict[str, IndexComponent]
    compared: dict[str, float | None]

    @classmethod
    def of(cls, text: str) -> _Seen:
        p = PIPELINE.score(text)
        assert p.index is not None
        comparison = compare([p, p], labels=["a", "b"])
        return cls(
            text,
            p,
            ProfileFacts.of(p),
            _csv_row(p),
            {c.id: c for c in p.index.components},
            {spec.id: values[0] for spec, values in comparison.indicators},
        )


def check_one_value_per_quantity(text: str) -> None:
    """Every shared quantity of the profile of ``text`` has one value wherever it appears."""
    seen = _Seen.of(text)
    _check_attributions(seen)
    _check_sources(seen)
    _check_promotional(seen)
    _check_body_and_hedging(seen)
    _check_index_html_json(seen)


def _check_attributions(seen: _Seen) -> None:
    p, facts, row, comps, compared = seen.p, seen.facts, seen.row, seen.comps, seen.compared
    att, anon = p.scores["attribution"], p.scores["anonymous_sourcing"]
    # attributions counted and counts by kind
    n = len(p.attributions)
    assert att.inputs["attributions"] == anon.inputs["attributions"] == n
    assert len(facts.attributions) == n == sum(facts.by_kind.values())
    assert dict(facts.by_kind) == kind_counts(p.attributions)
    for kind in ("on_record", "anonymous", "unspecified", "unresolved"):
        assert anon.inputs[kind] == facts.by_kind[kind]
    if att.value is not None:
        assert _num(row["attributions"]) == n == compared["attributions"]
        for kind in ("on_record", "anonymous", "unspecified", "unresolved"):
            assert _num(row[kind]) == facts.by_kind[kind]
        assert compared["unspecified_attributions"] == facts.by_kind["unspecified"]

    # shares of attributions: one denominator (typed attributions), recomputable from the CSV
    typed = typed_count(facts.by_kind)
    if anon.value is not None:
        from_csv = (_num(row["anonymous"]) + _num(row["unspecified"])) / (  # type: ignore[operator]
            _num(row["attributions"]) - _num(row["unresolved"])  # type: ignore[operator]
        )
        assert _close(_num(row["anonymous_sourcing"]), from_csv, 1e-6)
        assert _close(anon.value, from_csv)
        assert _close(compared["anonymous_share"], anon.value)
        assert comps["on_record_share"].value is not None
        assert _close(comps["on_record_share"].value, 1 - anon.value)
        assert _close(_num(row["index_on_record_share"]), 1 - anon.value)
        assert comps["on_record_share"].inputs["typed_attributions"] == typed
    else:
        assert typed == 0
        assert comps["on_record_share"].value is None


def _check_sources(seen: _Seen) -> None:
    p, facts, row, comps, compared = seen.p, seen.facts, seen.row, seen.comps, seen.compared
    att, anon = p.scores["attribution"], p.scores["anonymous_sourcing"]
    typed = typed_count(facts.by_kind)
    # distinct sources: one key per mention, counted alike everywhere
    assert att.inputs["distinct_sources"] == len(facts.sources)
    assert anon.inputs["distinct_anonymous_sources"] == len(
        distinct_sources(p.attributions, ("anonymous",))
    )
    on_record = len(facts.on_record_sources)
    assert comps["source_diversity"].inputs["distinct_on_record_sources"] == on_record
    if att.value is not None:
        assert _num(row["distinct_on_record_sources"]) == on_record == compared["distinct_sources"]
    for f in p.findings:
        if f.id == "findings.named_sources":
            said = re.search(r"\((\d+) distinct sources?", f.message)
            assert said is not None and int(said.group(1)) == on_record
            assert f"{facts.by_kind['on_record']} of {typed} attributions" in f.message


def _check_promotional(seen: _Seen) -> None:
    p, facts, row, comps, compared = seen.p, seen.facts, seen.row, seen.comps, seen.compared
    promo = p.scores["promotional"]
    # promotional share: the promotional scorer's value, everywhere
    if promo.value is not None:
        assert facts.promotional_share == promo.value
        assert _close(_num(row["promotional_share"]), promo.value, 1e-6)
        assert _close(_num(row["promotional"]), promo.value, 1e-6)
        assert _close(
            _num(row["promotional_chars"]) / _num(row["paragraph_chars"]),  # type: ignore[operator]
            promo.value,
            1e-6,
        )
        assert _close(compared["promotional_share"], promo.value)
        c = comps["promotional"]
        assert _close(c.inputs["promotional_chars"] / c.inputs["chars"], promo.value)
        assert _close(c.value, max(0.0, 1 - promo.value / c.inputs["limit"]))


def _check_body_and_hedging(seen: _Seen) -> None:
    p, facts, row, comps, compared = seen.p, seen.facts, seen.row, seen.comps, seen.compared
    hedging = p.scores["hedging"]
    # body characters and words
    assert p.document.body_chars == facts.body_chars
    assert comps["attributed_share"].inputs["body_chars"] == facts.body_chars
    if "words" in p.scores["readability"].inputs:
        assert p.scores["readability"].inputs["words"] == p.document.body_words
    for f in p.findings:
        if f.id == "findings.no_attributions":
            assert f"in {p.document.body_words} words" in f.message

    # writer's-voice words and hedges: the hedging scorer's, everywhere
    assert hedging.inputs.get("writer_hedges", 0) == len(facts.writer_hedges)
    assert hedging.inputs.get("writer_boosters", 0) == len(facts.boosters)
    if hedging.value is not None:
        assert _num(row["writer_hedges"]) == len(facts.writer_hedges)
        assert _close(
            100 * _num(row["writer_hedge_weight"]) / _num(row["writer_words"]),  # type: ignore[operator]
            hedging.value,
            1e-6,
        )
        assert _close(_num(row["hedging"]), hedging.value, 1e-6)
        assert _close(compared["writer_hedge_rate"], hedging.value)
        assert _close(
            comps["writer_hedging"].inputs["writer_hedge_rate_beyond_sources"],
            hedging.inputs["writer_hedge_rate_beyond_sources"],
        )


def _check_index_html_json(seen: _Seen) -> None:
    p, facts, row, comps, compared = seen.p, seen.facts, seen.row, seen.comps, seen.compared
    index = p.index
    assert index is not None
    # the index: CSV and comparison print the profile's own value
    assert _close(_num(row["index"]), index.value)
    assert _close(compared["index"], index.value)
    for cid, c in comps.items():
        assert _close(_num(row[f"index_{cid}"]), c.value)

    # HTML: the kinds bar shows the same counts
    html = render_html(p, text=seen.text)
    for kind, count in facts.by_kind.items():
        if count:
            assert f'title="{kind}: {count}"' in html

    # JSON: a profile read back gives the same facts
    back = ProfileFacts.of(Profile.from_json(p.to_json()))
    assert back.by_kind == facts.by_kind and back.sources == facts.sources
    assert back.body_chars == facts.body_chars and back.body_words == facts.body_words


class TestOneValuePerQuantity:
    @given(sourced_articles())
    @example(RUIZ)
    @example(SEED_LIKE)
    def test_realistic_articles(self, text: str) -> None:
        """Attributions, counts by kind, distinct sources, promotional share, body words and
        writer's-voice words have one value in the scorers, index, findings, CSV, comparison,
        HTML and JSON of any article dense in sourcing, and the CSV's counts recompute the
        values printed beside them."""
        check_one_value_per_quantity(text)

    @given(texts)
    def test_any_text(self, text: str) -> None:
        """The same holds for any text at all."""
        check_one_value_per_quantity(text)


class TestSourceKeys:
    def test_full_name_surname_and_title_are_one_source(self) -> None:
        """ "Mayor Ana Ruiz", "Ana Ruiz", "Ruiz" and "the mayor" are keyed as one source."""
        texts = ["Mayor Ana Ruiz", "Ana Ruiz", "Ruiz", "The mayor"]
        assert article_source_keys(texts, TITLES, PRONOUNS) == ["ana ruiz"] * 4

    def test_unresolved_pronoun_has_no_key(self) -> None:
        """'He' left unresolved names no source; a resolved mention takes its key."""
        assert article_source_keys(["He", "Ana Ruiz", None], TITLES, PRONOUNS) == [
            None,
            "ana ruiz",
            None,
        ]

    def test_title_shared_by_two_names_stays_a_title(self) -> None:
        """'The minister' is not merged when two named people carried that title."""
        keys = article_source_keys(
            ["Minister Ana Ruiz", "Minister Piet Vos", "The minister"], TITLES, PRONOUNS
        )
        assert keys == ["ana ruiz", "piet vos", "minister"]

    def test_source_key_drops_titles_and_determiners(self) -> None:
        """A trailing name wins over titles; a description loses determiners and possessives."""
        assert source_key("Gen. Ray Odierno", frozenset({"gen"})) == "ray odierno"
        assert source_key("the President's office") == "president office"

    def test_users_titles_reach_the_keys(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        """A title from the user's own source_roles lexicon keys "Alcaldesa Ana Ruiz" and
        "the alcaldesa" as one source."""
        path = tmp_path / "roles.toml"
        path.write_text(
            'id = "my_roles"\nextends = "source_roles"\nversion = "1"\n'
            'description = "Spanish titles"\nlanguage = "en"\nlicense = "Apache-2.0"\n'
            '[[sources]]\ncitation = "Written for this test."\n\n'
            '[[entries]]\nterm = "alcaldesa"\nlabel = "title"\n',
            "utf-8",
        )
        text = "Alcaldesa Ana Ruiz said the bridge would reopen. The alcaldesa said it was safe."
        mine = reliability.score(text, lexicons=[path])
        shipped = reliability.score(text)
        assert [a.source_key for a in mine.attributions] == ["ana ruiz", "ana ruiz"]
        assert len(ProfileFacts.of(mine).sources) == 1
        assert mine.scores["attribution"].inputs["distinct_sources"] == 1
        assert [a.source_key for a in shipped.attributions] != ["ana ruiz", "ana ruiz"]

    def test_ruiz_article_has_one_source_everywhere(self) -> None:
        """The scorer, the index and the findings all count one source in the Ruiz article."""
        p = reliability.score(RUIZ)
        assert p.scores["attribution"].inputs["distinct_sources"] == 1
        assert p.index is not None
        assert p.index.component("source_diversity").inputs["distinct_on_record_sources"] == 1
        named = next(f for f in p.findings if f.id == "findings.named_sources")
        assert "(1 distinct source:" in named.message


class TestEmbeddedPosts:
    def test_relations_inside_embedded_posts_do_not_count(self) -> None:
        """A "said" inside an embedded post is not counted by any scorer or consumer."""
        p = reliability.score(SEED_LIKE)
        post = SEED_LIKE.index("pic.twitter.com")
        blocks = [e for e in p.evidence if e.details.get("block") is True]
        assert any(e.label == "embedded_post" and e.start <= post < e.end for e in blocks)
        for a in p.attributions:
            assert not any(e.start <= a.cue.start < e.end for e in blocks)
        assert p.scores["attribution"].inputs["attributions"] == len(p.attributions)


class TestLegacyProfiles:
    def test_profile_without_source_keys_gets_them_on_reading(self) -> None:
        """A profile written before source keys existed is read with keys derived from the
        shipped lexicons, so its distinct sources are counted as a new profile's are."""
        p = reliability.score(RUIZ)
        data = p.to_dict()
        for a in data["attributions"]:
            del a["source_key"]
        old = Profile.from_dict(data)
        assert [a.source_key for a in old.attributions] == [a.source_key for a in p.attributions]

    def test_schema_accepts_the_new_members(self) -> None:
        """body_chars, body_words and source_key are in the schema, and optional."""
        import jsonschema

        from reliability.schema import profile_schema

        data = reliability.score(RUIZ).to_dict()
        jsonschema.validate(data, profile_schema())
        for key in ("body_chars", "body_words"):
            del data["document"][key]
        for a in data["attributions"]:
            del a["source_key"]
        jsonschema.validate(data, profile_schema())
        assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("kind", ["on_record", "anonymous", "unspecified", "unresolved"])
def test_kind_counts_cover_every_kind(kind: str) -> None:
    """kind_counts has a key for every kind, unresolved for relations of no known kind."""
    assert kind_counts([])[kind] == 0


@given(texts, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=6))
@example("one two-three four", [(4, 5)])  # a block cutting a word
@example("one two", [(0, 3), (3, 4)])  # blocks that touch
def test_body_words_are_the_words_wholly_outside_blocks(text, raw):
    """body_words counts the Document's words lying wholly outside every block, as defined."""
    document = Document.from_text(text)
    blocks = merge((a, a + n) for a, n in raw)
    outside = [w for w in document.words if not any(w[0] < e and s < w[1] for s, e in blocks)]
    assert body_words(document, blocks) == len(outside)
