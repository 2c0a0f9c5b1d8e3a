"""Attribution rules and word classes as data: every rule's examples, every class used, the matcher."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from reliability.document import Document
from reliability.errors import LexiconError
from reliability.lexicon import LexiconSet, load_shipped
from reliability.scorers._attribution import extract
from reliability.scorers._attribution.classes import WordClasses
from reliability.scorers._attribution.extract import Extractor, Found
from reliability.scorers._attribution.rules import (
    CHUNKS,
    PATTERNS,
    SHAPES,
    Example,
    Form,
    Pattern,
    Rule,
    RuleSet,
    TokenView,
    matches_at,
    rules_path,
)

EXTRACTOR = Extractor(LexiconSet.default())


def rules_matches(form: Form, view: TokenView, token: int) -> bool:
    """Whether a form's pattern matches the view with its cue part at word ``token``."""
    return matches_at(form.compiled, form.before, form.after, view, token)


RULES = EXTRACTOR.rules
EXAMPLES = [(r, e) for r in RULES.rules for e in r.examples]
SOURCE = Path(extract.__file__).read_text("utf-8")


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def _with_cue(text: str, found: list[Found], cue: str) -> list[Found]:
    return [f for f in found if cue.lower() in text[f.cue[0] : f.cue[1]].lower()]


class TestExamples:
    @pytest.mark.parametrize(
        ("rule", "example"),
        EXAMPLES,
        ids=[f"{r.id}:{'+' if e.match else '-'}:{e.text[:30]}" for r, e in EXAMPLES],
    )
    def test_example(self, rule: Rule, example: Example) -> None:
        """A rule's example gives (or does not give) its relation, with the parts it names."""
        found, vetoed = EXTRACTOR.explain(Document.from_text(example.text))
        hits = _with_cue(example.text, found, example.cue)
        if not example.match:
            assert not hits, [(_text(example.text, f.cue), f.rule) for f in hits]
            if rule.action == "veto":
                assert any(
                    rule_id == rule.id and example.cue.lower() in example.text[s:e].lower()
                    for rule_id, (s, e) in vetoed
                ), vetoed
            return
        assert hits, [(_text(example.text, f.cue), f.rule) for f in found]
        f = hits[0]
        if rule.action == "relation":
            assert f.rule == rule.id
        for part in ("source", "content", "via"):
            want = getattr(example, part)
            if want is not None:
                assert _text(example.text, getattr(f, part)) == want, part

    def test_every_rule_has_both_kinds_of_examples_or_its_own(self) -> None:
        """Relation rules show a match, veto rules a rejection (the loader insists)."""
        for r in RULES.rules:
            assert any(e.match == (r.action == "relation") for e in r.examples), r.id


class TestEveryRuleAndClassIsUsed:
    def test_rule_ids_in_code_are_in_the_data(self) -> None:
        """Each rule id the engine writes is a rule of the file; a relation rule the matcher runs
        (one with forms) is never spelled in code, and every other one is written by the engine."""
        in_code = set(re.findall(r'"(attribution\.[a-z_]+)"', SOURCE))
        by_matcher = {r.id for r in RULES.rules if r.action == "relation" and r.forms}
        by_code = {r.id for r in RULES.rules if r.action == "relation" and not r.forms}
        assert in_code <= {r.id for r in RULES.rules}
        assert by_code <= in_code
        assert not by_matcher & in_code
        assert by_matcher, "no relation rule is run by the matcher"

    def test_every_chunk_is_named_by_a_form(self) -> None:
        """A chunk no relation form names is dead weight."""
        assert set().union(*(r.chunks() for r in RULES.rules)) == set(CHUNKS)

    def test_every_cue_label_feature_tested_is_a_label(self) -> None:
        """A pattern's cue-label feature names a label of the cue lexicon."""
        tested = {f for r in RULES.rules for f in r.features() if f.startswith("cue_")}
        labels = {f"cue_{lab}" for lab in load_shipped("attribution_cues").labels}
        assert tested and tested <= labels

    def test_every_word_class_is_read(self) -> None:
        """A class of the lexicon that neither the engine nor a pattern reads fails."""
        patterns = set().union(*(r.features() for r in RULES.rules))
        classes = [f.name for f in attrs.fields(WordClasses) if f.name != "pronouns"]
        code = SOURCE + Path(extract.__file__).with_name("classes.py").read_text("utf-8")
        unused = [
            c
            for c in classes
            if c not in patterns and not re.search(rf"\.{c}\b", code.replace("WordClasses", ""))
        ]
        assert unused == []

    def test_every_shape_feature_is_tested_by_a_pattern(self) -> None:
        """A shape feature no pattern tests is dead weight."""
        patterns = set().union(*(r.features() for r in RULES.rules))
        assert set(SHAPES) <= patterns

    def test_every_lexicon_label_is_a_class(self) -> None:
        """The labels the word-class lexicon declares are exactly the engine's classes."""
        lexicon = load_shipped("word_classes")
        classes = {f.name for f in attrs.fields(WordClasses) if f.name != "pronouns"}
        pronouns = {lab for lab in lexicon.labels if lab.startswith("pronoun_")}
        assert set(lexicon.labels) == classes | pronouns
        assert {e.label for e in lexicon.entries} == set(lexicon.labels)

    def test_nothing_in_code_is_keyed_by_an_entry_id(self) -> None:
        """The engine never compares a lexicon entry's id."""
        assert ".entry.id" not in SOURCE and "entry.id " not in SOURCE


class TestWordClassesAreData:
    def test_a_users_class_word_changes_the_rules(self) -> None:
        """Adding a word to a class through the lexicon set changes what the engine does."""
        text = "Ministers would hardly-ever support the bill."
        base = LexiconSet.default()
        lexicon = base["word_classes"]
        extra = attrs.evolve(
            lexicon.entries[0], id="modal-hardly-ever", term="hardly-ever", label="modal"
        )
        edited = attrs.evolve(lexicon, entries=(*lexicon.entries, extra))
        others = [lex for lex in base if lex.id != "word_classes"]
        before = Extractor(base).explain(Document.from_text(text))[1]
        after = Extractor(LexiconSet([*others, edited])).explain(Document.from_text(text))[1]
        assert before == []
        assert [rule for rule, _span in after] == ["attribution.not_hypothetical"]

    def test_unknown_label_is_an_error_naming_the_entry(self) -> None:
        """A word-class entry with a label that is no class is refused with its position."""
        lexicon = load_shipped("word_classes")
        bad = attrs.evolve(lexicon.entries[3], label="adjectiv")
        edited = attrs.evolve(lexicon, entries=(*lexicon.entries[:3], bad, *lexicon.entries[4:]))
        with pytest.raises(LexiconError, match=r"entries\[3\] label: 'adjectiv' is no word class"):
            WordClasses.from_lexicons([edited])


class TestMatcher:
    FEATURES = ("modal", "negation", "adverb_or_aux", "cue", "weak_cue")

    def _load(self, tmp_path: Path, rule: str) -> RuleSet:
        path = tmp_path / "rules.toml"
        path.write_text(f'[[rules]]\ndescription = "test"\npriority = 1\n{rule}\n', "utf-8")
        return RuleSet.load(path, self.FEATURES)

    def _rules(self, tmp_path: Path, pattern: str) -> RuleSet:
        return self._load(
            tmp_path,
            'id = "attribution.not_test"\naction = "veto"\nparts = ["cue"]\n'
            f"pattern = {pattern!r}\n"
            'examples = [{ text = "x", cue = "x", match = false }]',
        )

    def _view(self, rules: RuleSet, tokens: list[list[str]]) -> TokenView:
        return TokenView.of(10, ["".join(rules.codes[f] for f in t) for t in tokens])

    def test_pattern_matches_with_a_variable_prefix(self, tmp_path: Path) -> None:
        """'[modal] [adverb_or_aux]{0,3} cue:[cue]' finds the cue after 0 to 3 adverbs."""
        rules = self._rules(tmp_path, "[modal & !negation] [adverb_or_aux]{0,3} cue:[cue]")
        view = self._view(rules, [["modal"], ["adverb_or_aux"], ["adverb_or_aux"], ["cue"]])
        assert rules.veto(view, 13) is not None
        assert rules.veto(view, 12) is None  # word 12 is no cue
        negated = self._view(rules, [["modal", "negation"], ["cue"]])
        assert rules.veto(negated, 11) is None

    def test_alternatives_and_any_token(self, tmp_path: Path) -> None:
        """'|' joins alternatives, '[*]' is any token, and the cue must be the word asked."""
        rules = self._rules(tmp_path, "[modal | negation] [*] cue:[cue & weak_cue]")
        view = self._view(rules, [["negation"], [], ["cue", "weak_cue"], ["cue"]])
        assert rules.veto(view, 12) is not None
        assert rules.veto(view, 13) is None

    @pytest.mark.parametrize(
        ("pattern", "message"),
        [
            ("[modal] [cue]", "needs a 'cue:' part"),
            ("[modal] cue:[adjective]", "unknown feature 'adjective'"),
            ("[modal] speaker:[cue]", "a part name is 'cue:'"),
        ],
    )
    def test_bad_patterns_name_the_rule(self, tmp_path: Path, pattern: str, message: str) -> None:
        """A bad pattern is an error naming the file, the rule and the field."""
        with pytest.raises(LexiconError, match=r"rules\[0\] pattern: .*" + re.escape(message)):
            self._rules(tmp_path, pattern)

    def _relation(self, tmp_path: Path, form: str) -> RuleSet:
        return self._load(
            tmp_path,
            'id = "attribution.test"\nparts = ["source", "cue", "content"]\n'
            'examples = [{ text = "x", cue = "x" }]\n'
            f"[[rules.forms]]\n{form}",
        )

    def test_a_form_reads_its_chunks_and_lead(self, tmp_path: Path) -> None:
        """A relation form compiles its pattern and keeps its source chunk, lead and content."""
        rules = self._relation(
            tmp_path,
            'pattern = "[modal] cue:[cue]"\n'
            "source = { chunk = \"np_after\", lead = '\\s+by\\s+', required = true }\n"
            'content = "clause"',
        )
        ((rule, form),) = rules.forms
        assert rule.id == "attribution.test" and rule.chunks() == {"np_after", "clause"}
        assert form.prev_needs == {"modal"}  # the word before the cue must be a modal
        assert form.source is not None and form.source.required
        assert form.source.lead is not None and form.source.lead.match(" by ")
        view = self._view(rules, [["modal"], ["cue"]])
        assert rules_matches(form, view, 11) and not rules_matches(form, view, 10)

    def test_a_forms_unless_pattern_says_where_it_does_not_apply(self, tmp_path: Path) -> None:
        """An ``unless`` pattern compiles like a form's and matches only a word before the group.

        '[modal & !adverb_or_aux] [adverb_or_aux]* cue:[*]': a modal that is no member of the
        run of auxiliaries before the cue, however long the run.
        """
        rules = self._relation(
            tmp_path,
            'pattern = "cue:[cue]"\n'
            'unless = "[modal & !adverb_or_aux] [adverb_or_aux]* cue:[*]"\ncontent = "clause"',
        )
        ((rule, form),) = rules.forms
        assert form.unless_compiled is not None and form.unless_reach == (-1, 0)
        assert "modal" in rule.features()  # the view computes what the unless pattern tests

        def unless(tokens: list[list[str]]) -> bool:
            view = self._view(rules, tokens)
            assert form.unless_compiled is not None
            return matches_at(form.unless_compiled, *form.unless_reach, view, 9 + len(tokens))

        assert unless([["modal"], ["cue"]])
        assert unless([["modal"], ["adverb_or_aux"], ["adverb_or_aux"], ["cue"]])
        assert not unless([["cue"]])
        assert not unless([["modal", "adverb_or_aux"], ["cue"]])  # the modal is in the group
        assert not unless([["modal"], ["negation"], ["cue"]])  # not right before the group

    @pytest.mark.parametrize(
        ("pattern", "needs"),
        [
            ("cue:[cue]", set()),
            ("[modal & !negation] [adverb_or_aux]{0,3} cue:[cue]", set()),
            ("[modal & adverb_or_aux] [adverb_or_aux]{0,3} cue:[cue]", {"adverb_or_aux"}),
            ("[modal | negation & modal] cue:[cue]", {"modal"}),
            ("[modal]? cue:[cue]", set()),
        ],
    )
    def test_what_the_word_before_the_cue_needs(
        self, tmp_path: Path, pattern: str, needs: set[str]
    ) -> None:
        """A form knows what every match needs of the word before its cue (none if optional)."""
        rules = self._relation(tmp_path, f'pattern = "{pattern}"\ncontent = "clause"')
        assert rules.forms[0][1].prev_needs == needs

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            ('pattern = "cue:[cue]"\ncontent = "sentence"', "content: must be a content chunk"),
            (
                'pattern = "cue:[cue]"\ncontent = "clause"\nsource = { chunk = "clause" }',
                "source chunk: must name a source chunk",
            ),
            (
                'pattern = "cue:[cue]"\ncontent = "clause"\n'
                'source = { chunk = "np_after", lead = "(" }',
                "source lead: bad regex",
            ),
            ('pattern = "[modal]"\ncontent = "clause"', "pattern: a pattern needs a 'cue:' part"),
            (
                'pattern = "cue:[cue]"\nunless = "[adjective] cue:[*]"\ncontent = "clause"',
                "unless: unknown feature 'adjective'",
            ),
            (
                'pattern = "cue:[cue]"\nunless = "[modal]"\ncontent = "clause"',
                "unless: a pattern needs a 'cue:' part",
            ),
            (
                'pattern = "cue:[cue]"\nunless = 3\ncontent = "clause"',
                "unless: an unless field needs a pattern",
            ),
        ],
    )
    def test_bad_forms_name_the_rule_and_form(
        self, tmp_path: Path, form: str, message: str
    ) -> None:
        """A bad form is an error naming the file, the rule, the form and the field."""
        with pytest.raises(LexiconError, match=r"rules\[0\] forms\[0\] " + re.escape(message)):
            self._relation(tmp_path, form)

    def _paragraph(self, tmp_path: Path, form: str) -> RuleSet:
        path = tmp_path / "rules.toml"
        path.write_text(
            '[[rules]]\nid = "attribution.test"\ndescription = "test"\npriority = 1\n'
            'parts = ["source", "cue", "content"]\nexamples = [{ text = "x", cue = "x" }]\n'
            f"[[rules.forms]]\n{form}\n",
            "utf-8",
        )
        return RuleSet.load(path, (*self.FEATURES, "cue_transcript"))

    PARAGRAPH = 'anchor = "paragraph"\ncue_label = "transcript"\ncue_text = ":"\n'

    def test_a_paragraph_form_is_no_cue_form(self, tmp_path: Path) -> None:
        """A paragraph form keeps its label, cue text, count and speaker regexes, apart."""
        rules = self._paragraph(
            tmp_path,
            self.PARAGRAPH + "at_least = 2\n"
            "source = { chunk = \"speaker\", reject = '[A-Z]{4,}', nobody = '.' }\n"
            'content = "paragraph_rest"',
        )
        assert rules.forms == ()
        ((rule, form),) = rules.paragraph_forms
        assert (form.cue_label, form.cue_text, form.at_least) == ("transcript", ":", 2)
        assert form.source is not None and form.source.chunk == "speaker"
        assert form.source.reject is not None and form.source.reject.fullmatch("NEWS")
        assert form.source.nobody is not None and form.source.nobody.fullmatch("Q")
        assert rule.chunks() == {"speaker", "paragraph_rest"}

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            (
                PARAGRAPH.replace("transcript", "speech") + 'content = "paragraph_rest"',
                "cue_label: must be a label of the cue lexicon",
            ),
            (PARAGRAPH + 'content = "clause"', "content: a paragraph form's content is"),
            (
                PARAGRAPH + 'at_least = 0\ncontent = "paragraph_rest"',
                "at_least: must be a whole number of at least 1",
            ),
            (
                PARAGRAPH + 'source = { chunk = "np_after" }\ncontent = "paragraph_rest"',
                "source chunk: a paragraph form's source is 'speaker'",
            ),
            (
                PARAGRAPH
                + 'source = { chunk = "speaker", lead = "x" }\ncontent = "paragraph_rest"',
                "source lead: not for this kind of form",
            ),
            (
                PARAGRAPH + 'pattern = "cue:[cue]"\ncontent = "paragraph_rest"',
                "pattern: unknown field",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "np_after", nobody = "." }\n'
                'content = "clause"',
                "source nobody: not for this kind of form",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "speaker" }\ncontent = "clause"',
                "source chunk: must name a source chunk",
            ),
        ],
    )
    def test_bad_paragraph_forms_name_the_rule_and_form(
        self, tmp_path: Path, form: str, message: str
    ) -> None:
        """A bad paragraph form (or a paragraph field on a cue form) names rule, form, field."""
        with pytest.raises(LexiconError, match=r"rules\[0\] forms\[0\] " + re.escape(message)):
            self._paragraph(tmp_path, form)

    def test_shipped_file_loads(self) -> None:
        """The shipped rules file exists and every rule in it loads."""
        assert rules_path().is_file()
        assert len(RULES.rules) >= 10 and RULES.vetoes


PATTERN_EXAMPLES = [(p, text, match) for p in RULES.patterns.values() for text, match in p.examples]


class TestPhrasePatterns:
    @pytest.mark.parametrize(
        ("pattern", "text", "match"),
        PATTERN_EXAMPLES,
        ids=[f"{p.id}:{'+' if m else '-'}:{t.strip()[:25]}" for p, t, m in PATTERN_EXAMPLES],
    )
    def test_example(self, pattern: Pattern, text: str, match: bool) -> None:
        """A phrase pattern finds (or does not find) a match in its example, as the engine uses it."""
        assert pattern.finds(text) == match

    def test_every_match_ends_with_a_final(self) -> None:
        """Where a pattern lists the words its matches end with, its examples' matches do."""
        for p in RULES.patterns.values():
            for text, match in p.examples if p.finals else ():
                if match:
                    m = p.regex.search(text)
                    assert m is not None
                    assert m.group().rstrip(" ,").lower().endswith(p.finals), (p.id, text)

    def test_every_pattern_is_in_the_data_and_read_by_the_engine(self) -> None:
        """Each role of PATTERNS has a pattern in the file, and the engine reads each one."""
        assert set(RULES.patterns) == set(PATTERNS)
        for pid in PATTERNS:
            assert f'"{pid}"' in SOURCE, pid

    def test_no_regex_in_code_spells_a_word(self) -> None:
        """The regexes left in the engine are punctuation and white space: none holds a word."""
        for literal in re.findall(r're\.compile\(\s*r?"((?:[^"\\]|\\.)*)"', SOURCE):
            letters = re.sub(r"\\.", "", literal)
            assert not re.search(r"[A-Za-z]{2,}", letters), literal

    def test_a_missing_pattern_is_an_error(self, tmp_path: Path) -> None:
        """A rules file whose patterns leave a role out is refused, naming the role."""
        text = rules_path().read_text("utf-8")
        start = text.index("[[patterns]]")
        cut = text.index("[[patterns]]", start + 1)
        path = tmp_path / "rules.toml"
        path.write_text(text[:start] + text[cut:], "utf-8")
        with pytest.raises(LexiconError, match="no pattern for time_phrase"):
            RuleSet.load(path, list(RULES.codes))


class TestFalseAttributions:
    def test_a_source_with_a_reason_for_anonymity_counts_once(self) -> None:
        """'X, who requested anonymity to discuss …, said': one relation, none by 'who'."""
        text = (
            "Three diplomats, who requested anonymity to discuss closed talks, said it was close."
        )
        found = EXTRACTOR.extract(Document.from_text(text))
        assert [(_text(text, f.cue), _text(text, f.source)) for f in found] == [
            ("said", "Three diplomats")
        ]

    def test_a_relative_source_takes_its_antecedent(self) -> None:
        """'…, which reported': the pronoun is the source, resolved to the outlet before it."""
        text = "A deputy spoke to the Daily Ledger, which reported that the port would close."
        (f,) = EXTRACTOR.extract(Document.from_text(text))
        assert _text(text, f.source) == "which" and _text(text, f.resolved) == "the Daily Ledger"

    def test_a_participle_after_an_adverb_takes_no_object_for_its_speaker(self) -> None:
        """', specifically naming the ministers': the object after the participle is no
        inverted speaker (the inverted form's cue is no participle)."""
        text = "It was a long speech, specifically naming the ministers."
        found = _with_cue(text, EXTRACTOR.extract(Document.from_text(text)), "naming")
        assert found and all(f.rule != "attribution.inverted" for f in found)
        assert all(_text(text, f.source) != "the ministers" for f in found)
