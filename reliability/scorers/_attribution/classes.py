"""The word classes the attribution rules are written over, read from the ``word_classes`` lexicon.

Each entry of ``lexicons/word_classes.toml`` puts one word in one class (its label). The engine
tests a word's classes — :class:`WordClasses` holds one set per class — and never spells a word
list itself. A class the lexicon declares that the engine has no use for, or a class the engine
needs that the lexicon lacks, is an error when the classes are read.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from reliability.errors import LexiconError
from reliability.lexicon import Lexicon, LexiconSet, load_shipped

__all__ = ["PRONOUN_CLASSES", "WordClasses", "low"]

PRONOUN_CLASSES = ("person", "group", "self", "thing", "relative")
"""The pronoun classes (``pronoun_<name>`` in the lexicon): the values of ``pronouns``."""


def low(word: str) -> str:
    """A word lower-cased with a straight apostrophe (the form classes are looked up in)."""
    return word.lower().replace("’", "'")


@attrs.frozen
class WordClasses:
    """One set of words per class; words are lower-case with straight apostrophes.

    ``capitalised_non_name`` keeps its words' case (it lists capitalised words that are no
    names). ``pronouns`` maps each pronoun to its class (``person``, ``group``, ``self``,
    ``thing``, ``relative``). Attribute docs are the labels' descriptions in the lexicon.
    """

    auxiliary: frozenset[str]
    noun_marker: frozenset[str]
    generic_you: frozenset[str]
    insertion: frozenset[str]
    experiencer: frozenset[str]
    modifier: frozenset[str]
    contraction: frozenset[str]
    quantity: frozenset[str]
    medium: frozenset[str]
    time_noun: frozenset[str]
    modal: frozenset[str]
    be_form: frozenset[str]
    object_relative: frozenset[str]
    non_head: frozenset[str]
    determiner: frozenset[str]
    connector: frozenset[str]
    capitalised_non_name: frozenset[str]
    title_abbreviation: frozenset[str]
    particle_verb: frozenset[str]
    particle: frozenset[str]
    not_adverb: frozenset[str]
    quoting_verb: frozenset[str]
    telling_verb: frozenset[str]
    sentence_adverb: frozenset[str]
    possessive: frozenset[str]
    subject_opener: frozenset[str]
    infinitive_marker: frozenset[str]
    clause_opener: frozenset[str]
    adjective_stop: frozenset[str]
    head_conjunction: frozenset[str]
    complementiser: frozenset[str]
    not_inverted_subject: frozenset[str]
    relative_opener: frozenset[str]
    person_relative: frozenset[str]
    opening_article: frozenset[str]
    pronouns: dict[str, str]

    @classmethod
    def from_lexicons(cls, lexicons: Iterable[Lexicon]) -> WordClasses:
        """Collect the words of each class from word-class lexicons (labels name the classes).

        Raises:
            LexiconError: An entry's label is no class, or a class has no words.
        """
        names = [f.name for f in attrs.fields(cls) if f.name != "pronouns"]
        sets: dict[str, set[str]] = {n: set() for n in names}
        pronoun_sets: dict[str, set[str]] = {n: set() for n in PRONOUN_CLASSES}
        lexicons = list(lexicons)
        for lex, i, e in ((x, i, e) for x in lexicons for i, e in enumerate(x.entries)):
            if e.term is None or e.label is None:
                raise LexiconError(lex.path, "a word-class entry needs a term and a label", entry=i)
            word = e.term if e.case_sensitive else low(e.term)
            if e.label.startswith("pronoun_") and e.label[len("pronoun_") :] in pronoun_sets:
                pronoun_sets[e.label[len("pronoun_") :]].add(word)
            elif e.label in sets:
                sets[e.label].add(word)
            else:
                known = ", ".join([*names, *(f"pronoun_{p}" for p in PRONOUN_CLASSES)])
                raise LexiconError(
                    lex.path,
                    f"{e.label!r} is no word class (known: {known})",
                    entry=i,
                    field="label",
                )
        empty = [n for n, words in sets.items() if not words]
        empty += [f"pronoun_{n}" for n, words in pronoun_sets.items() if not words]
        if empty:
            where = ", ".join(lex.path for lex in lexicons) or "word_classes"
            raise LexiconError(where, f"word classes without words: {', '.join(empty)}")
        pronouns = {w: name for name, words in pronoun_sets.items() for w in sorted(words)}
        return cls(**{n: frozenset(words) for n, words in sets.items()}, pronouns=pronouns)

    @classmethod
    def of(cls, lexicons: LexiconSet) -> WordClasses:
        """The classes of a lexicon set's ``word_classes`` family (the shipped one if absent)."""
        family = lexicons.family("word_classes")
        return cls.from_lexicons(family) if family else SHIPPED

    def is_name(self, word: str) -> bool:
        """A capitalised word that is not a function word or other capitalised non-name."""
        return word[:1].isupper() and word not in self.capitalised_non_name

    def is_adverb_or_aux(self, word: str) -> bool:
        """An auxiliary, a listed adverb, or a lower-case -ly adverb ("gently", "officially")."""
        w = low(word)
        if w in self.auxiliary:
            return True
        return word[:1].islower() and w.endswith("ly") and len(w) > 4 and w not in self.not_adverb


SHIPPED = WordClasses.from_lexicons([load_shipped("word_classes")])
"""The classes of the shipped ``word_classes`` lexicon."""
