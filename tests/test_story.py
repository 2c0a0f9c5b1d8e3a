"""One story across outlets: shared claims, shared sources and the claims only one article makes."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import reliability
from reliability.compare import compare, short_labels
from reliability.lexicon import LexiconSet, load_lexicon, shipped_dir
from reliability.model import Attribution, DocumentInfo, Profile, ScoreResult, Span
from reliability.quantities import legacy_source_keys
from reliability.report import COMPARE_FORMATS, render_comparison
from reliability.schema import compare_schema
from reliability.story import Story, StoryRules, StoryRulesError, compare_story
from tests.strategies import texts

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PIPELINE = reliability.Pipeline()

# Three invented outlets' coverage of one invented port strike. Each relation is written out by
# hand (source, cue, content as substrings, with the kind), so that these tests check the story
# comparison whatever the attribution rules find.
GAZETTE = (
    "Dockworkers at the port of Velmora walked off the job on Monday, the Velmora Port Authority "
    "said. Union leader Tomas Brenner said the strike would last until wages rose by 8 percent. A "
    "senior harbour ministry official said talks would resume on Thursday. “We will not go back "
    "without a deal,” Brenner told the Velmora Gazette."
)
COAST = (
    "The strike at Velmora port will last until wages rise by 8 percent, Brenner said. Talks will "
    "resume on Thursday, according to a harbour ministry official. Sources said ships were "
    "already queueing outside the harbour."
)
WIRE = (
    "Velmora dockworkers walked off the job Monday, according to reports. “We will not go back "
    "without a deal,” Brenner told Reuters. A former harbour ministry official said the port had "
    "been badly run for years. Shipping lines said 40 vessels were waiting."
)
RELATIONS = {
    GAZETTE: [
        ("the Velmora Port Authority", "said", "Dockworkers at the port of Velmora walked off the "
         "job on Monday", "on_record", None),
        ("Union leader Tomas Brenner", "said", "the strike would last until wages rose by 8 "
         "percent", "on_record", None),
        ("A senior harbour ministry official", "said", "talks would resume on Thursday",
         "anonymous", None),
        ("Brenner", "told", "We will not go back without a deal", "on_record", "Velmora Gazette"),
    ],
    COAST: [
        ("Brenner", "said", "The strike at Velmora port will last until wages rise by 8 percent",
         "on_record", None),
        ("a harbour ministry official", "according to", "Talks will resume on Thursday",
         "anonymous", None),
        ("Sources", "said", "ships were already queueing outside the harbour", "unspecified",
         None),
    ],
    WIRE: [
        ("reports", "according to", "Velmora dockworkers walked off the job Monday",
         "unspecified", None),
        ("Brenner", "told", "We will not go back without a deal", "on_record", "Reuters"),
        ("A former harbour ministry official", "said", "the port had been badly run for years",
         "anonymous", None),
        ("Shipping lines", "said", "40 vessels were waiting", "on_record", None),
    ],
}  # fmt: skip


def _span(text: str, part: str | None, after: int = 0) -> Span | None:
    if part is None:
        return None
    start = text.index(part, after)
    return Span.of(text, start, start + len(part))


def hand_profile(text: str) -> Profile:
    """A profile whose only scorer result is the hand-written attributions of ``text``."""
    relations = []
    for source, cue, content, kind, via in RELATIONS[text]:
        if f"{source} {cue}" in text:  # "Brenner told …"
            at = text.index(f"{source} {cue}")
            src, cue_span = Span.of(text, at, at + len(source)), _span(text, cue, at)
        else:  # "… according to reports"
            at = text.index(f"{cue} {source}")
            cue_span, src = Span.of(text, at, at + len(cue)), _span(text, source, at)
        assert src is not None and cue_span is not None
        relations.append(
            Attribution(
                cue=cue_span,
                source=src,
                content=_span(text, content),
                source_kind=kind,
                via=_span(text, via),
                rule="hand",
            )
        )
    # keyed as the attribution scorer keys its relations (every scorer in its place must)
    keys = legacy_source_keys(relations)
    relations = [attrs.evolve(a, source_key=k) for a, k in zip(relations, keys, strict=True)]
    result = ScoreResult("attribution", 1.0, "hand-written", attributions=relations)
    info = DocumentInfo(None, None, "0" * 64, len(text), len(text.split()), 1)
    return Profile(info, (), {"attribution": result}, "test")


THREE = [hand_profile(t) for t in (GAZETTE, COAST, WIRE)]


def _claim_texts(story: Story) -> list[set[tuple[int, str]]]:
    return [
        {(s.article, s.content.text) for s in c.statements if s.content}
        for c in story.shared_claims
    ]


class TestThreeOutlets:
    def test_shared_claims(self):
        """The four claims two or three outlets report are found, each with every article's
        statements, and nothing else is paired."""
        story = compare_story(THREE)
        found = _claim_texts(story)
        assert len(found) == 4
        assert {
            (0, "the strike would last until wages rose by 8 percent"),
            (1, "The strike at Velmora port will last until wages rise by 8 percent"),
        } in found
        assert {
            (0, "talks would resume on Thursday"),
            (1, "Talks will resume on Thursday"),
        } in found
        assert {
            (0, "Dockworkers at the port of Velmora walked off the job on Monday"),
            (2, "Velmora dockworkers walked off the job Monday"),
        } in found
        assert {
            (0, "We will not go back without a deal"),
            (2, "We will not go back without a deal"),
        } in found

    def test_sourcing_differences_stand_out(self):
        """The walk-out is credited to a named authority in one outlet and to unspecified
        reports in another; the claim says so, and each credit names its outlet and kind."""
        story = compare_story(THREE)
        walkout = next(c for c in story.shared_claims if c.articles == (0, 2))
        assert walkout.kinds == (("on_record",), ("unspecified",))
        assert walkout.sourcing_differs
        assert walkout.credits(0) == "the Velmora Port Authority — on record"
        assert walkout.credits(2) == "reports — unspecified"
        quote = next(c for c in story.shared_claims if "deal" in c.statements[0].content.text)
        assert "via Velmora Gazette" in quote.credits(0) and "via Reuters" in quote.credits(2)
        assert not quote.sourcing_differs

    def test_same_source_needs_fewer_words(self):
        """Two content words are enough when both statements are credited to one source; the
        rule is named in the match."""
        story = compare_story(THREE)
        talks = next(c for c in story.shared_claims if "resume" in c.statements[0].content.text)
        assert talks.matches[0].rule == "story.same_source_words"
        assert talks.matches[0].shared == ("resume", "talk")
        strict = attrs.evolve(StoryRules.default(), same_source_min_shared_words=3)
        assert not any(
            "resume" in c.statements[0].content.text
            for c in compare_story(THREE, rules=strict).shared_claims
        )

    def test_shared_sources_with_reasons(self):
        """Brenner (a surname in two outlets, the full name in one) and the harbour ministry
        official (described two ways) are shared; the former official is another source."""
        story = compare_story(THREE)
        by_label = {s.label: s for s in story.shared_sources}
        assert set(by_label) == {"Union leader Tomas Brenner", "A senior harbour ministry official"}
        brenner = by_label["Union leader Tomas Brenner"]
        assert brenner.articles == (0, 1, 2)
        assert {m.rule for m in brenner.matches} == {"story.surname", "story.same_name"}
        assert "'brenner' is the surname of 'tomas brenner'" in {
            m.reason.split(",")[0] for m in brenner.matches
        }
        official = by_label["A senior harbour ministry official"]
        assert official.articles == (0, 1)
        assert official.texts(1) == ("a harbour ministry official",)
        assert official.matches[0].rule == "story.description"
        assert "one adds senior" in official.matches[0].reason

    def test_single_claims_with_their_sourcing(self):
        """The claims only one outlet makes are listed with their kind; 'sourced' says whether a
        source is named or described."""
        story = compare_story(THREE)
        single = {s.content.text: s for s in story.single_claims if s.content}
        assert set(single) == {
            "ships were already queueing outside the harbour",
            "the port had been badly run for years",
            "40 vessels were waiting",
        }
        data = story.to_dict()["single_claims"]
        sourced = {d["content"]["text"]: d["sourced"] for d in data}
        assert sourced["ships were already queueing outside the harbour"] is False
        assert sourced["40 vessels were waiting"] is True

    def test_unspecified_sources_are_never_shared(self):
        """'Sources' in one article and 'reports' in another identify no one: no shared source."""
        story = compare_story(THREE)
        kinds = {s.kind for src in story.shared_sources for s in src.mentions}
        assert "unspecified" not in kinds


class TestSourceRules:
    @pytest.mark.parametrize(
        ("a", "b", "rule"),
        [
            ("a senior Afghan Interior Ministry official", "a senior interior ministry official",
             "story.description"),
            ("Taliban spokesman Zabihullah Mujahid", "Mujahid", "story.surname"),
            ("Taliban spokesman Zabihullah Mujahid", "Zabihullah Mujahid", "story.same_name"),
            ("a spokesman for the Taliban", "a Taliban spokeswoman", "story.description"),
            ("the police", "police", "story.description"),
            ("The Hill", "The Hill", "story.same_name"),
        ],
    )  # fmt: skip
    def test_same_source(self, a: str, b: str, rule: str):
        """Descriptions of one source match under the named rule."""
        story = compare_story([_one(a), _one(b)])
        assert [m.rule for s in story.shared_sources for m in s.matches] == [rule]

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("a senior official", "a senior official"),  # a rank is not an affiliation
            ("a senior official", "a junior official"),
            ("a former interior ministry official", "an interior ministry official"),
            ("a US official", "a senior interior ministry official"),
            ("Ana Ruiz", "Ana Ortiz"),
            ("the campaign", "the Rubio campaign"),
            ("a spokesperson for the Taliban", "Taliban spokesman Suhail Shaheen"),
            ("officials", "an official"),
            ("he", "he"),
        ],
    )
    def test_different_sources(self, a: str, b: str):
        """Descriptions that may name different people do not match."""
        assert compare_story([_one(a), _one(b)]).shared_sources == ()

    def test_surname_of_two_full_names_is_not_matched(self):
        """'Shaheen' matches no one when two full names end in it."""
        profiles = [_one("Suhail Shaheen"), _one("Shaheen"), _one("Amina Shaheen")]
        story = compare_story(profiles)
        assert all("story.surname" not in {m.rule for m in s.matches} for s in story.shared_sources)

    def test_head_spellings_come_from_the_lexicon(self, tmp_path):
        """A user's story lexicon that drops the spokesperson head entry makes 'spokesman' and
        'spokeswoman' two head nouns: the rule reads the lexicon, not a list in code."""
        shipped = LexiconSet.default()["story"]
        text = (shipped_dir() / "story.toml").read_text("utf-8")
        reduced = text.replace('[[entries]]\nid = "head-spokesperson"', '[[entries]]\nid = "x"')
        reduced = reduced.replace("spokes(?:man|woman|person)", "nothing-matches-this")
        path = tmp_path / "story.toml"
        path.write_text(reduced, "utf-8")
        assert load_lexicon(path).id == shipped.id
        lexicons = LexiconSet.default([path])
        pair = [_one("a Taliban spokesman"), _one("a Taliban spokeswoman")]
        assert compare_story(pair).shared_sources
        assert not compare_story(pair, lexicons=lexicons).shared_sources


def _one(source: str, content: str = "the talks had stalled") -> Profile:
    text = f"{source} said {content}."
    start = len(source) + 6
    a = Attribution(
        cue=Span.of(text, len(source) + 1, len(source) + 5),
        source=Span.of(text, 0, len(source)),
        content=Span.of(text, start, start + len(content)),
        source_kind="unspecified" if source.lower() in ("sources", "reports") else "anonymous",
        rule="hand",
    )
    result = ScoreResult("attribution", 1.0, "hand-written", attributions=[a])
    info = DocumentInfo(None, None, "0" * 64, len(text), len(text.split()), 1)
    return Profile(info, (), {"attribution": result}, "test")


class TestRules:
    def test_shipped_thresholds(self):
        """The shipped file sets every threshold the code knows."""
        rules = StoryRules.default()
        assert rules.min_shared_words == 3 and 0 < rules.min_overlap <= 1

    def test_file_overrides_some(self, tmp_path):
        """A thresholds file may set only some values."""
        path = tmp_path / "t.toml"
        path.write_text("min_overlap = 0.9\n", "utf-8")
        rules = StoryRules.load(path)
        assert rules.min_overlap == 0.9
        assert rules.min_shared_words == StoryRules.default().min_shared_words

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("min_overlap = 2\n", "at most 1"),
            ("min_shared_words = 2.5\n", "whole number"),
            ("min_share = 1\n", "unknown key 'min_share'"),
            ("min_dice = 'x'\n", "must be a number"),
            ("min_dice = \n", "cannot read"),
        ],
    )
    def test_bad_files_are_named(self, tmp_path, body: str, message: str):
        """A bad thresholds file fails with its path and what is wrong."""
        path = tmp_path / "t.toml"
        path.write_text(body, "utf-8")
        with pytest.raises(StoryRulesError, match=message) as info:
            StoryRules.load(path)
        assert str(path) in str(info.value)


class TestSeeds:
    """The two seed articles against the hand annotation's ``story`` section."""

    def _story(self, seed_texts):
        files = list(seed_texts)
        return files, compare_story([PIPELINE.score(seed_texts[f]) for f in files])

    def test_gold_shared_claims(self, seed_texts, seed_gold):
        """Every gold shared claim is found, with each article's gold content, source, kind,
        via and secondhand flag among its statements."""
        files, story = self._story(seed_texts)
        for gold in seed_gold["story"]["shared_claims"]:
            found = [c for c in story.shared_claims if _has_gold(c, gold, files)]
            assert len(found) == 1, gold["claim"]

    def test_gold_shared_sources(self, seed_texts, seed_gold):
        """Every gold shared source is found, described in each article as the gold says."""
        files, story = self._story(seed_texts)
        for gold in seed_gold["story"]["shared_sources"]:
            assert any(
                all(g["source"] in src.texts(files.index(g["file"])) for g in gold["in"])
                for src in story.shared_sources
            ), gold

    def test_few_other_pairs(self, seed_texts, seed_gold):
        """Beyond the gold, no more than a handful of other shared claims or sources."""
        files, story = self._story(seed_texts)
        gold = seed_gold["story"]
        extra_claims = [
            c
            for c in story.shared_claims
            if not any(_has_gold(c, g, files) for g in gold["shared_claims"])
        ]
        extra_sources = len(story.shared_sources) - len(gold["shared_sources"])
        assert len(extra_claims) + max(extra_sources, 0) <= 3, extra_claims

    def test_seed_comparison_renders_the_story(self, seed_texts):
        """The text comparison of the seeds shows both claims, how each article sources them,
        and the shared official."""
        files = list(seed_texts)
        c = compare([PIPELINE.score(seed_texts[f]) for f in files], short_labels(files))
        out = render_comparison(c, "text")
        assert "credited to The Hill — on record, secondhand" in out
        assert "credited to sources — unspecified" in out
        assert "a senior interior ministry official — anonymous, via Reuters" in out
        assert "seeds/" not in out  # short labels


def _has_gold(claim, gold, files) -> bool:
    for g in gold["in"]:
        article = files.index(g["file"])
        if not any(_fits(s, g) for s in claim.in_article(article)):
            return False
    return True


def _fits(s, g) -> bool:
    content = s.content.text if s.content else ""
    return (
        (g["content"] in content or content in g["content"])
        and s.source_text == g["source"]
        and s.kind == g["kind"]
        and (s.via.text if s.via else None) == g.get("via")
        and s.secondhand == g.get("secondhand", False)
    )


class TestOutput:
    def test_json_story_section_fits_the_schema(self):
        """The comparison's JSON has a story section with spans, texts and kinds, and fits the
        shipped compare schema."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        data = json.loads(render_comparison(c, "json"))
        jsonschema.validate(data, compare_schema())
        claim = data["story"]["shared_claims"][0]
        statement = claim["statements"][0]
        assert {"content", "source", "kind", "via", "secondhand", "source_text"} <= set(statement)
        assert data["story"]["shared_sources"][0]["texts"]

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_rendered_side_by_side(self, fmt: str):
        """Text, Markdown and HTML show each shared claim with every article's credit."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        out = render_comparison(c, fmt)
        assert "Shared claims" in out or "Shared claim 1" in out
        for credit in ("the Velmora Port Authority", "reports", "via Reuters"):
            assert credit.replace("via ", "") in out

    def test_html_links_matched_spans(self):
        """In HTML every statement of a claim links to the statements it matches."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        out = render_comparison(c, "html")
        for n, claim in enumerate(c.story.shared_claims, 1):
            for k in range(len(claim.statements)):
                assert f'id="claim{n}-{k}"' in out
                assert f'href="#claim{n}-{k}"' in out

    def test_csv_counts_are_the_story_s(self):
        """The CSV's story columns are the story's own counts, per article."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        rows = list(csv.DictReader(io.StringIO(render_comparison(c, "csv"))))
        for i, row in enumerate(rows):
            claims = [claim for claim in c.story.shared_claims if i in claim.articles]
            assert int(row["shared_claims"]) == len(claims)
            assert int(row["shared_claims_sourced_differently"]) == sum(
                claim.sourcing_differs for claim in claims
            )
            assert int(row["single_claims"]) == len(c.story.single_in(i))
        assert (
            rows[0]["shared_sources"]
            == "Union leader Tomas Brenner | A senior harbour ministry official"
        )

    def test_html_texts_side_by_side(self):
        """Given the texts, the HTML shows the articles side by side with every shared claim's
        statement marked and linked; every link has its target, and every id is unique."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        out = render_comparison(c, "html", texts=[GAZETTE, COAST, WIRE])
        ids = re.findall(r'id="([^"]+)"', out)
        assert len(ids) == len(set(ids))
        assert set(re.findall(r'href="#([^"]+)"', out)) <= set(ids)
        for n, claim in enumerate(c.story.shared_claims, 1):
            for k, s in enumerate(claim.statements):
                assert f'id="text-claim{n}-{k}"' in out
                assert s.content is not None
                assert f'title="claim {n}">{html.escape(s.content.text)}</a>' in out

    def test_html_texts_must_match_articles(self):
        """Texts for another number of articles are refused."""
        c = compare(THREE, ["gazette", "coast", "wire"])
        with pytest.raises(ValueError, match="2 texts for 3 articles"):
            render_comparison(c, "html", texts=[GAZETTE, COAST])

    def test_bundled_examples_show_the_feature(self):
        """The bundled two-outlet pair shares claims, one of them sourced differently, and a
        source described two ways."""
        a = (EXAMPLES / "fictional_two_outlets_a.txt").read_text("utf-8")
        b = (EXAMPLES / "fictional_two_outlets_b.txt").read_text("utf-8")
        story = compare_story([PIPELINE.score(a), PIPELINE.score(b)])
        assert any(c.sourcing_differs for c in story.shared_claims)
        assert any(m.rule == "story.description" for s in story.shared_sources for m in s.matches)


class TestLabels:
    @pytest.mark.parametrize(
        ("names", "labels"),
        [
            (["news/a.txt", "news/b.txt"], ("a.txt", "b.txt")),
            (["x/a.txt", "y/a.txt"], ("x/a.txt", "y/a.txt")),
            (["a.txt", "a.txt"], ("a.txt", "a.txt #2")),
            (["corpus.jsonl:3", "corpus.jsonl:4"], ("corpus.jsonl:3", "corpus.jsonl:4")),
        ],
    )
    def test_short_labels(self, names, labels):
        """Labels are file names, with parent folders only where needed to tell them apart."""
        assert short_labels(names) == labels

    @given(
        st.lists(
            st.sampled_from(["a.txt", "x/a.txt", "y/a.txt", "a.txt #2", "b", "-"]),
            min_size=1,
            max_size=6,
        )
    )
    @example(["a.txt #2", "a.txt", "a.txt"])
    def test_labels_unique_and_whole(self, names):
        """Every label is unique and never cut: it ends with the whole file name."""
        labels = short_labels(names)
        assert len(set(labels)) == len(labels)
        assert all(Path(n).name in lab for n, lab in zip(names, labels, strict=True))

    def test_compare_makes_given_labels_unique(self):
        """Two articles given the same label are told apart."""
        c = compare(THREE[:2], ["same", "same"])
        assert c.labels == ("same", "same #2")


class TestProperties:
    @given(texts, texts)
    def test_spans_equal_their_text(self, a: str, b: str):
        """Every span in the story equals the text of its own article at its offsets."""
        articles = [a, b]
        story = compare_story([PIPELINE.score(a), PIPELINE.score(b)])
        statements = [s for c in story.shared_claims for s in c.statements]
        statements += [s for src in story.shared_sources for s in src.mentions]
        statements += list(story.single_claims)
        for s in statements:
            for span in (s.cue, s.content, s.source, s.via, s.resolved_source):
                if span is not None:
                    assert articles[s.article][span.start : span.end] == span.text

    @given(texts, texts)
    @example(GAZETTE, COAST)
    def test_symmetric_and_deterministic(self, a: str, b: str):
        """Comparing B with A finds what comparing A with B finds, and a second run the same."""
        pa, pb = PIPELINE.score(a), PIPELINE.score(b)
        forward = compare_story([pa, pb])
        assert compare_story([pa, pb]).to_dict() == forward.to_dict()
        backward = compare_story([pb, pa])

        def claims(story: Story, order: tuple[int, int]):
            return {
                frozenset((order[s.article], s.cue.start, s.cue.end) for s in c.statements)
                for c in story.shared_claims
            }

        def sources(story: Story, order: tuple[int, int]):
            return {
                frozenset((order[s.article], s.cue.start, s.cue.end) for s in src.mentions)
                for src in story.shared_sources
            }

        assert claims(forward, (0, 1)) == claims(backward, (1, 0))
        assert sources(forward, (0, 1)) == sources(backward, (1, 0))

    @given(texts, texts, texts)
    def test_any_articles_compare_and_fit_the_schema(self, a: str, b: str, c: str):
        """Any three texts compare; the JSON fits the schema and every claim spans two
        articles or more."""
        comparison = compare([PIPELINE.score(t) for t in (a, b, c)], ["a", "b", "c"])
        data = comparison.to_dict()
        jsonschema.validate(json.loads(json.dumps(data)), compare_schema())
        assert all(len(claim.articles) >= 2 for claim in comparison.story.shared_claims)
        for fmt in COMPARE_FORMATS:
            assert render_comparison(comparison, fmt)


def test_statements_read_the_profiles_attributions_not_copies() -> None:
    """Each statement is a view of one attribution of its article's profile: same object."""
    from reliability.story import statements_of

    profiles = [
        reliability.score("The minister said the talks had failed, according to Reuters."),
        reliability.score("Officials, who asked not to be named, said the talks had failed."),
    ]
    statements = statements_of(profiles)
    expected = [
        (i, a) for i, p in enumerate(profiles) for a in p.scores["attribution"].attributions
    ]
    assert len(statements) == len(expected) >= 3
    for s, (i, a) in zip(statements, expected, strict=True):
        assert s.article == i
        assert s.attribution is a
        assert (s.cue, s.source, s.kind, s.rule) == (a.cue, a.source, a.source_kind, a.rule)
