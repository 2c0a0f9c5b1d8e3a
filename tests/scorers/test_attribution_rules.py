"""Attribution rules and word classes as data: every rule's examples, every class used, the matcher."""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reliability.document import Document
from reliability.errors import LexiconError
from reliability.lexicon import LexiconSet, load_shipped
from reliability.scorers._attribution import extract
from reliability.scorers._attribution import rules as rules_module
from reliability.scorers._attribution.classes import WordClasses
from reliability.scorers._attribution.extract import Extractor, Found
from reliability.scorers._attribution.rules import (
    CHUNKS,
    PATTERNS,
    SHAPES,
    Example,
    Form,
    Pattern,
    PhraseTest,
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

    def test_every_relation_rule_is_run_by_the_matcher(self) -> None:
        """No relation rule of the shipped file is left to code: each has forms, and the rule id
        the subject rule writes is spelled nowhere in the engine."""
        assert [r.id for r in RULES.rules if r.action == "relation" and not r.forms] == []
        assert RULES.get("attribution.subject_cue").forms
        assert "subject_cue" not in SOURCE

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

    @pytest.mark.skipif(
        os.environ.get("RELIABILITY_EXPECT_WHEEL") == "1",
        reason="needs the source checkout's docs/; checked there",
    )
    def test_every_form_field_is_documented(self) -> None:
        """Each field a relation form or part may have is a row of the explanation's table."""
        page = (Path(__file__).parents[2] / "docs/explanation/attribution.md").read_text("utf-8")
        fields = (
            rules_module._FORM_FIELDS
            | rules_module._PARAGRAPH_FORM_FIELDS
            | rules_module._PART_FIELDS
        ) - {"source", "via"}
        assert [f for f in sorted(fields) if f"| `{f}` |" not in page] == []

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

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            (
                'pattern = "cue:[cue]"\nnot_nested = 1\ncontent = "clause"',
                "not_nested: must be true or false",
            ),
            (
                'pattern = "cue:[cue]"\nneeds_content = "yes"\ncontent = "clause"',
                "needs_content: must be true or false",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "np_before", agent = "yes" }\n'
                'content = "clause"',
                "source agent: must be true or false",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "np_before", reject = "[modal]" }\n'
                'content = "clause"',
                "source reject: must be a list of patterns",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "np_before", reject = [] }\n'
                'content = "clause"',
                "source reject: must be a list of patterns",
            ),
            (
                'pattern = "cue:[cue]"\nsource = { chunk = "np_before", reject = ["[modal]"] }\n'
                'content = "clause"',
                "source reject[0]: a reject pattern names the phrase",
            ),
            (
                'pattern = "cue:[cue]"\n'
                'source = { chunk = "np_before", reject = ["source:[modal]", "cue:[modal]"] }\n'
                'content = "clause"',
                "source reject[1]: unexpected 'cue:' before a token test (the part is 'source:')",
            ),
            (
                'pattern = "cue:[cue]"\n'
                'source = { chunk = "np_before", reject = ["source:[modal] [cue] source:[*]"] }\n'
                'content = "clause"',
                "source reject[0]: a reject pattern names the phrase: one run",
            ),
            (
                'pattern = "cue:[cue]"\n'
                'via = { chunk = "via_outlet", reject = ["via:[adjective]"] }\n'
                'content = "clause"',
                "via reject[0]: unknown feature 'adjective'",
            ),
        ],
    )
    def test_bad_checks_name_the_rule_form_and_field(
        self, tmp_path: Path, form: str, message: str
    ) -> None:
        """A bad refusal check (``not_nested``, ``needs_content``, a part's ``agent`` or
        ``reject``) is an error naming the rule, the form and the field."""
        with pytest.raises(LexiconError, match=r"rules\[0\] forms\[0\] " + re.escape(message)):
            self._load(
                tmp_path,
                'id = "attribution.test"\nparts = ["source", "cue", "content", "via"]\n'
                'examples = [{ text = "x", cue = "x" }]\n'
                f"[[rules.forms]]\n{form}",
            )

    def test_a_fallback_rule_comes_after_the_others(self, tmp_path: Path) -> None:
        """A fallback rule with a priority no higher than a rule with forms is refused."""
        path = tmp_path / "rules.toml"
        rule = (
            '[[rules]]\nid = "attribution.{id}"\ndescription = "test"\npriority = {priority}\n'
            'parts = ["cue", "content"]\nexamples = [{{ text = "x", cue = "x" }}]\n{more}'
            '[[rules.forms]]\npattern = "cue:[cue]"\ncontent = "clause"\n'
        )
        path.write_text(
            rule.format(id="first", priority=5, more="")
            + rule.format(id="later", priority=2, more="fallback = true\n"),
            "utf-8",
        )
        with pytest.raises(LexiconError, match=r"rules\[1\] priority: a fallback rule must come"):
            RuleSet.load(path, self.FEATURES)
        path.write_text(
            rule.format(id="first", priority=1, more="")
            + rule.format(id="later", priority=2, more="fallback = true\n"),
            "utf-8",
        )
        assert [r.id for r in RuleSet.load(path, self.FEATURES).rules][-1] == "attribution.later"

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


PHRASE_FEATURES = ("modal", "negation", "adverb_or_aux", "cue")
PHRASE_CODES = {f: chr(0xE000 + i) for i, f in enumerate(PHRASE_FEATURES)}
PHRASE_PATTERNS = [
    "source:[modal]",
    "[negation & adverb_or_aux] source:[*]+",
    "source:[*]* source:[negation]",
    "[modal]? source:[cue]{1,2} [negation]",
    "[*] source:[modal | cue]* [adverb_or_aux]*",
]


def _phrase_test(pattern: str) -> PhraseTest:
    """A reject pattern compiled over :data:`PHRASE_FEATURES`."""
    return rules_module._phrase_test(pattern, "source", PHRASE_CODES)


def _tokens_view(tokens: list[list[str]]) -> TokenView:
    return TokenView.of(20, ["".join(PHRASE_CODES[f] for f in t) for t in tokens])


class TestRejectPatterns:
    """The ``reject`` patterns of a part: tests over the words around the phrase it found."""

    def test_the_named_run_covers_the_phrase_exactly(self) -> None:
        """'source:[modal]' is a phrase of one modal word: not two words, not a longer phrase."""
        test = _phrase_test("source:[modal]")
        view = _tokens_view([["modal"], ["modal"], ["cue"]])
        assert test.matches(view, 20, 20) and test.matches(view, 21, 21)
        assert not test.matches(view, 20, 21)  # two words
        assert not test.matches(view, 22, 22)  # no modal
        assert (test.length, test.last_codes) == ((1, 1), PHRASE_CODES["modal"])

    def test_tests_before_and_after_read_the_neighbours(self) -> None:
        """Tests before the run end right before the phrase, tests after it start right after."""
        before = _phrase_test("[negation & adverb_or_aux] source:[*]+")
        view = _tokens_view([["negation", "adverb_or_aux"], ["cue"], ["cue"], ["negation"]])
        assert before.matches(view, 21, 22)
        assert not before.matches(view, 22, 22)  # the word before is no negation
        assert not before.matches(view, 20, 21)  # no word before the phrase in the view
        after = _phrase_test("[modal]? source:[cue]{1,2} [negation]")
        assert after.matches(view, 21, 22) and not after.matches(view, 21, 21)
        assert after.reach == (1, 1) and after.length == (1, 2)

    def test_the_last_word_of_the_phrase(self) -> None:
        """'source:[*]* source:[negation]': a phrase whose last word is a negation."""
        test = _phrase_test("source:[*]* source:[negation]")
        view = _tokens_view([["cue"], ["modal"], ["negation"], ["cue"]])
        assert test.matches(view, 20, 22) and test.matches(view, 22, 22)
        assert not test.matches(view, 20, 21) and not test.matches(view, 20, 23)
        assert test.last_codes == PHRASE_CODES["negation"] and test.length == (1, -1)

    @given(
        pattern=st.sampled_from(PHRASE_PATTERNS),
        tokens=st.lists(
            st.lists(st.sampled_from(PHRASE_FEATURES), max_size=3), min_size=1, max_size=8
        ),
        data=st.data(),
    )
    def test_the_cheap_test_never_refuses_a_match(
        self, pattern: str, tokens: list[list[str]], data: st.DataObject
    ) -> None:
        """``may_match`` (read before a view is built) is false only where ``matches`` is."""
        test = _phrase_test(pattern)
        view = _tokens_view(tokens)
        first = data.draw(st.integers(20, 19 + len(tokens)))
        last = data.draw(st.integers(first, 19 + len(tokens)))
        codes = view.codes.split("\x00")
        prev = codes[first - 21] if first > 20 else None
        if test.matches(view, first, last):
            assert test.may_match(last - first + 1, prev, codes[last - 20])


def _without(edit: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Extractor:
    """An extractor of the shipped lexicons over the shipped rules with one text replaced."""
    old, new = edit
    text = rules_path().read_text("utf-8")
    assert old in text, old
    path = tmp_path / "attribution.toml"
    path.write_text(text.replace(old, new), "utf-8")
    monkeypatch.setattr(extract, "rules_path", lambda: path)
    return Extractor(LexiconSet.default())


REFUSALS = [
    # (what is taken out of the rules file, an example it refuses, the cue)
    (('"source:[generic_you]", ', ""), "You believe the vote was fair.", "believe"),
    (
        (', "[object_relative & space_after] source:[*]+"', ""),
        "The plan is what she wants for the city.",
        "wants",
    ),
    (
        (', "source:[*]* source:[person_relative]"', ""),
        "The officials who support the plan left early.",
        "support",
    ),
    (("agent = true, ", ""), "The plan supports small farms across the state.", "supports"),
    (("needs_content = true\n", ""), "The senators support.", "support"),
    (("not_nested = true\n", ""), "She said critics claim the plan failed.", "claim"),
]


class TestRefusalsAreData:
    @pytest.mark.parametrize(("edit", "text", "cue"), REFUSALS, ids=[r[2] for r in REFUSALS])
    def test_each_check_of_the_forms_is_what_refuses_its_example(
        self,
        edit: tuple[str, str],
        text: str,
        cue: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """With the shipped rules the example gives no relation (none of a fallback rule either);
        with the one check taken out of the data, the subject rule makes it one."""
        found = EXTRACTOR.extract(Document.from_text(text))
        assert not _with_cue(text, found, cue)
        edited = _without(edit, tmp_path, monkeypatch).extract(Document.from_text(text))
        assert [f.rule for f in _with_cue(text, edited, cue)] == ["attribution.subject_cue"]

    def test_a_subject_after_an_object_relative_stays_for_a_strong_speech_verb(self) -> None:
        """'what she said': the form of a strong speech verb names no object-relative check."""
        text = "That is what she said about the plan."
        (f,) = _with_cue(text, EXTRACTOR.extract(Document.from_text(text)), "said")
        assert _text(text, f.source) == "she"

    def test_an_outlet_subject_makes_a_speech_or_report_relation_secondhand(self) -> None:
        """The forms of speech and report verbs mark their source ``secondhand``; others do not."""
        for text, cue, secondhand in (
            ("Reuters reported that the talks had failed.", "reported", True),
            ("Reuters praised the talks on Monday.", "praised", False),
        ):
            (f,) = _with_cue(text, EXTRACTOR.extract(Document.from_text(text)), cue)
            assert (_text(text, f.source), f.secondhand) == ("Reuters", secondhand)


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
