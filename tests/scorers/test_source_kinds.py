"""The source-kind stage: an ordered decision table (lexicons/source_kinds.toml) types each source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from reliability.document import Document
from reliability.errors import LexiconError
from reliability.lexicon import LexiconSet, load_lexicon, shipped_dir
from reliability.model import Attribution
from reliability.scorers._attribution.extract import Extractor, Found
from reliability.scorers._attribution.kinds import KIND_RULE_PREFIX, KindRow, KindTyper
from reliability.scorers.attribution import AttributionScorer
from tests.strategies import texts

LEXICONS = LexiconSet.default()
EXTRACTOR = Extractor(LEXICONS)
TYPER = KindTyper(LEXICONS)
SCORER = AttributionScorer(LEXICONS)
EXAMPLES = [(row, ex) for row in TYPER.rows for ex in row.examples]


def typed(text: str, source: str) -> Found:
    """The typed relation whose source is ``source`` ('' for a relation without a source).

    The relation comes from the extraction rules when they find that source; otherwise one is
    made with that source (its first occurrence) and the cue word right after it, so a row's
    examples do not depend on which phrases the extraction rules reach.
    """
    doc = Document.from_text(text)
    found = EXTRACTOR.extract(doc)
    hits = [f for f in found if (text[f.source[0] : f.source[1]] if f.source else "") == source]
    if hits:
        return hits[0]
    start = text.index(source)
    end = start + len(source)
    cue_start = end + 1
    cue_end = text.index(" ", cue_start)
    entry = LEXICONS["attribution_cues"].entries[0]
    made = Found((cue_start, cue_end), (start, end), None, False, None, False, entry, "test")
    untyped = [f._replace(kind=None, kind_rule=None, kind_reason=None) for f in found]
    untyped = sorted([*untyped, made], key=lambda f: f.cue)
    out = TYPER.type(doc, untyped)
    return next(f for f in out if f.source == (start, end))


class TestTable:
    @pytest.mark.parametrize(
        ("row", "example"),
        EXAMPLES,
        ids=[f"{row.id}:{ex['source'] or ex['text'][:30]}" for row, ex in EXAMPLES],
    )
    def test_row_examples(self, row: KindRow, example: dict[str, str]) -> None:
        """Each row's examples are decided by that row and get the kind it names."""
        f = typed(example["text"], example["source"])
        want = None if example["kind"] == "none" else example["kind"]
        assert (f.kind, f.kind_rule) == (want, row.rule), f

    def test_every_row_has_examples(self) -> None:
        """No row of the table goes unexercised."""
        assert [row.id for row in TYPER.rows if not row.examples] == []

    def test_every_class_is_read(self) -> None:
        """Every word-class label is declared and given words by entries or a class reference."""
        lex = LEXICONS["source_kinds"]
        used = {e.label for e in lex.entries} | set(lex.classes)
        assert used == set(lex.labels)

    def test_referred_class_words_are_not_listed_again(self) -> None:
        """A word a [classes] reference already gives a label is not an entry with that label."""
        lex = LEXICONS["source_kinds"]
        given = {
            (e.term, label)
            for label, refs in lex.classes.items()
            for ref in refs
            for e in LEXICONS[ref.split(":")[0]].entries
            if e.label == ref.split(":")[1]
        }
        assert [e.term for e in lex.entries if (e.term, e.label) in given] == []

    @pytest.mark.parametrize(
        ("word", "label"),
        [
            ("who", "relative"),
            ("for", "connector"),
            ("their", "possessive"),
            ("she", "pronoun_person"),
        ],
    )
    def test_referred_class_gives_words(self, word: str, label: str) -> None:
        """A function word listed once, in word_classes, has the label [classes] names for it."""
        assert TYPER.word_class(word) == label

    def test_partitive_reads_a_quantity_through(self) -> None:
        """'of' after a quantity leads to its members: "Two of the Republicans" is party members."""
        assert TYPER.word_class("of") == "partitive"
        f = typed("Two of the Republicans said the vote was a ploy.", "Two of the Republicans")
        assert (f.kind, f.kind_rule) == ("anonymous", KIND_RULE_PREFIX + "party_members")

    def test_own_entry_wins_over_referred_class(self) -> None:
        """'you' keeps this lexicon's generic label, though word_classes puts it with 'I' and 'we'."""
        assert TYPER.word_class("you") == "pronoun_generic"

    def test_last_row_always_holds(self) -> None:
        """The table ends with a row without conditions, so every source gets a row."""
        assert TYPER.rows[-1].when == {}

    def test_rows_recorded_with_prefix(self) -> None:
        """A recorded kind rule names the lexicon and the row."""
        f = typed("A senior official said the talks had stalled.", "A senior official")
        assert f.kind_rule == KIND_RULE_PREFIX + "insider"
        assert f.kind_reason == "role noun without a name"


class TestResolution:
    def test_he_does_not_resolve_to_plural_sources(self) -> None:
        """'Sources say … He said' does not make 'Sources' the referent of 'He'; with no name
        before it, 'He' has no referent and so no kind (the guideline: a pronoun takes the kind
        of what it refers to)."""
        f = typed("Sources say the deal is done. He said the talks would go on.", "He")
        assert f.resolved is None and f.kind is None
        assert f.kind_rule == KIND_RULE_PREFIX + "unresolved_person_pronoun"

    def test_he_after_a_name_is_on_record(self) -> None:
        """An unresolved 'He' in an article that has named someone before it is a named person."""
        text = "Mark Dale spoke first. Sources say the deal is done. He said talks go on."
        f = typed(text, "He")
        assert f.resolved is None
        assert f.kind == "on_record" and f.kind_rule == KIND_RULE_PREFIX + "person_pronoun"

    def test_a_name_after_the_pronoun_does_not_count(self) -> None:
        """Only a name before the pronoun makes it a named person."""
        f = typed("He said the talks would go on, Sources say. Mark Dale agreed.", "He")
        assert f.kind is None

    def test_unresolved_which_is_not_typed(self) -> None:
        """'a plan, which says': a relative whose referent is no source has no kind of its own."""
        text = "The council published a plan, which says the road will close."
        f = typed(text, "which")
        assert f.kind is None and f.kind_rule == KIND_RULE_PREFIX + "thing_pronoun"

    def test_who_without_comma_takes_its_noun(self) -> None:
        """'analysts who say': the relative resolves to the noun right before it."""
        text = "The plan drew fire from analysts who say it will fail."
        f = typed(text, "who")
        assert f.resolved is not None and text[f.resolved[0] : f.resolved[1]] == "analysts"
        assert f.kind == "unspecified"

    def test_he_resolves_past_a_plural_to_a_person(self) -> None:
        """'He' skips the plural 'Sources' and takes the earlier named person."""
        text = "Mark Dale said the deal was off. Sources say it is done. He said talks go on."
        f = typed(text, "He")
        assert f.resolved is not None and text[f.resolved[0] : f.resolved[1]] == "Mark Dale"
        assert f.kind == "on_record" and f.kind_rule == KIND_RULE_PREFIX + "antecedent"

    def test_definite_outlet_noun_points_to_outlet(self) -> None:
        """'the newspaper' after a named outlet refers back to it and is on record."""
        text = "Rachel Adams wrote in The Boston Globe that taxes rose. The newspaper said so."
        f = typed(text, "The newspaper")
        assert f.resolved is not None and text[f.resolved[0] : f.resolved[1]] == "The Boston Globe"

    def test_definite_role_points_to_name_before_it(self) -> None:
        """'the spokeswoman' refers back to a name five words before the noun, one an article."""
        text = (
            "Jennifer Palmieri, the campaign's chief national press spokeswoman, spoke on Monday. "
            "The spokeswoman said the plan would fail."
        )
        f = typed(text, "The spokeswoman")
        assert f.resolved is not None
        assert text[f.resolved[0] : f.resolved[1]] == "Jennifer Palmieri"
        assert f.kind == "on_record"

    def test_article_is_a_second_label(self) -> None:
        """An article keeps its determiner class; 'article' only widens the name-then-role reach."""
        assert (TYPER.word_class("the"), TYPER.word_class("an")) == ("definite", "indefinite")

    def test_preset_antecedent_is_used(self) -> None:
        """A relation given a resolved span by the extraction rules takes that span's kind."""
        text = "Two officials, who asked not to be named, said the talks had stalled."
        doc = Document.from_text(text)
        entry = LEXICONS["attribution_cues"].entries[0]
        who = text.index("who")
        said = text.index("said")
        f = Found(
            (said, said + 4), (who, who + 3), None, False, None, False, entry, "test", (0, 13)
        )
        out = TYPER.type(doc, [f])[0]
        assert out.kind == "anonymous" and out.resolved == (0, 13)
        assert out.kind_rule == KIND_RULE_PREFIX + "antecedent"

    def test_head_cut_from_named_part_keeps_it(self) -> None:
        """'the finance ministers of the G20' is read with its named complement: on record."""
        f = typed(
            "The finance ministers of the G20 said growth was slow.",
            "The finance ministers of the G20",
        )
        assert f.kind == "on_record"


def _rows_toml(rows: str) -> str:
    path = shipped_dir() / "source_kinds.toml"
    head = path.read_text("utf-8").split("[[rows]]")[0]
    return head + rows + '\n[[entries]]\nterm = "he"\nlabel = "pronoun_person"\n'


def _only_class(text: str, line: str) -> str:
    """The lexicon text with its [classes] table holding only ``line``."""
    head, rest = text.split("[classes]\n", 1)
    body = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
    return f"{head}[classes]\n{line}\n\n{body}"


class TestValidation:
    @pytest.mark.parametrize(
        ("rows", "field"),
        [
            (
                '[[rows]]\nid = "x"\nwhen = { colour = "red" }\nkind = "on_record"\nreason = "r"\n',
                "rows[0].when.colour",
            ),
            (
                '[[rows]]\nid = "x"\nwhen = { determiner = "odd" }\nkind = "on_record"\nreason = "r"\n',
                "rows[0].when.determiner",
            ),
            ('[[rows]]\nid = "x"\nkind = "famous"\nreason = "r"\n', "rows[0].kind"),
            ('[[rows]]\nid = "x"\nkind = "on_record"\n', "rows[0].reason"),
            ('[[rows]]\nid = "X y"\nkind = "on_record"\nreason = "r"\n', "rows[0].id"),
            (
                '[[rows]]\nid = "x"\nkind = "on_record"\nreason = "r"\nexamples = [{ text = "t" }]\n',
                "rows[0].examples",
            ),
        ],
    )
    def test_bad_row_names_file_row_and_field(self, tmp_path: Path, rows: str, field: str) -> None:
        """A malformed row fails with the file, the row and the field at fault."""
        path = tmp_path / "source_kinds.toml"
        path.write_text(_rows_toml(rows), "utf-8")
        lexicons = LexiconSet([*LEXICONS, load_lexicon(path)])
        with pytest.raises(LexiconError) as err:
            KindTyper(lexicons)
        assert err.value.field == field and err.value.path == str(path)

    @pytest.mark.parametrize(
        ("classes", "reason"),
        [
            ('relative = ["nowhere:pronoun_relative"]', "no lexicon 'nowhere'"),
            ('relative = ["word_classes:no_such_class"]', "no words labelled 'no_such_class'"),
        ],
    )
    def test_bad_class_reference_names_file_and_label(
        self, tmp_path: Path, classes: str, reason: str
    ) -> None:
        """A class reference that gives no words fails with the file and the label at fault."""
        path = tmp_path / "source_kinds.toml"
        text = _rows_toml('[[rows]]\nid = "all"\nkind = "anonymous"\nreason = "everyone"\n')
        path.write_text(_only_class(text, classes), "utf-8")
        with pytest.raises(LexiconError) as err:
            KindTyper(LexiconSet([*LEXICONS, load_lexicon(path)]))
        assert err.value.field == "classes.relative" and err.value.path == str(path)
        assert reason in str(err.value)

    @pytest.mark.parametrize(
        "classes", ['relative = "word_classes:pronoun_relative"', 'relative = ["pronoun_relative"]']
    )
    def test_malformed_class_reference_fails_on_load(self, tmp_path: Path, classes: str) -> None:
        """A class reference that is no list of 'lexicon:label' strings fails when read."""
        path = tmp_path / "source_kinds.toml"
        text = _rows_toml('[[rows]]\nid = "all"\nkind = "anonymous"\nreason = "everyone"\n')
        path.write_text(_only_class(text, classes), "utf-8")
        with pytest.raises(LexiconError) as err:
            load_lexicon(path)
        assert err.value.field == "classes.relative"

    def test_user_table_replaces_shipped(self, tmp_path: Path) -> None:
        """A user's source_kinds lexicon replaces the shipped table."""
        path = tmp_path / "source_kinds.toml"
        path.write_text(
            _rows_toml('[[rows]]\nid = "all"\nkind = "anonymous"\nreason = "everyone"\n'), "utf-8"
        )
        typer = KindTyper(LexiconSet([*LEXICONS, load_lexicon(path)]))
        assert [r.id for r in typer.rows] == ["all"]


@given(texts)
def test_every_attribution_records_its_row(text: str) -> None:
    """Each attribution names a row of the table, and a fixed-kind row's kind is its kind."""
    by_rule = {row.rule: row for row in TYPER.rows}
    for a in SCORER.score(Document.from_text(text), {}).attributions:
        assert a.kind_rule in by_rule
        row = by_rule[a.kind_rule]
        if row.kind in ("on_record", "anonymous", "unspecified"):
            assert a.source_kind == row.kind
        elif row.kind == "none":
            assert a.source_kind is None


def test_kind_rule_round_trips() -> None:
    """kind_rule survives the attribution's JSON form."""
    a = SCORER.score(Document.from_text("A senior official said it was over."), {}).attributions[0]
    again = Attribution.from_dict(json.loads(json.dumps(a.to_dict())))
    assert again == a and again.kind_rule == KIND_RULE_PREFIX + "insider"


def test_evidence_carries_row_and_reason() -> None:
    """The source evidence names the row and its reason."""
    result = SCORER.score(Document.from_text("A senior official said it was over."), {})
    details: dict[str, Any] = next(e.details for e in result.evidence if e.label == "source")
    assert details["kind_rule"] == KIND_RULE_PREFIX + "insider"
    assert details["kind_reason"] == "role noun without a name"
