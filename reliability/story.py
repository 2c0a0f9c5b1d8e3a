"""One story across articles: the claims they share and the sources they share, rule by rule.

Reads only the attribution relations of each profile (``profile.scores["attribution"]``): who
says what (``source``, ``content``), the source's kind, the outlet it came through (``via``),
whether it is relayed from another outlet (``secondhand``) and, for a pronoun or a bare
surname, the earlier mention it refers to (``resolved_source``). How the relations were found
does not matter here.

**Shared claims.** Two attributed contents in different articles report the same thing when
their content words overlap enough (:class:`StoryRules`, read from ``story_thresholds.toml``):
at least ``min_shared_words`` words in common, ``min_shared_specific`` of them names or
numbers, covering at least ``min_overlap`` of the shorter content and ``min_dice`` of both.
Content words are the words left when the ``story`` lexicon's stop, time and reporting words
are set aside, case-folded and with its suffixes stripped. Matching pairs are joined into
claims (connected components), so three or more articles, and an article that reports a claim
twice, give one claim.

**Shared sources.** Two source descriptions are one source under one of three rules, each
recorded with its reason: ``story.same_name`` (the same personal or organisation name, titles
set aside: "Taliban spokesman Zabihullah Mujahid" ↔ "Zabihullah Mujahid"), ``story.surname``
(a bare surname and the one full name in the comparison ending in it: "Mujahid"), and
``story.description`` (an unnamed source: the same head noun, the words before and after it —
role and affiliation — of one description all in the other, no distinguishing word such as
"former" in only one, and at least one affiliation word in common unless the head is itself an
office or organisation: "a senior Afghan Interior Ministry official" ↔ "a senior interior
ministry official"). Sources that identify no one (kind ``unspecified``: "sources", "reports")
are never a shared source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from reliability._toml import tomllib
from reliability.errors import InputError
from reliability.lexicon import LexiconSet
from reliability.model import Attribution, Profile, Span

__all__ = [
    "ClaimMatch",
    "SharedClaim",
    "SharedSource",
    "SourceMatch",
    "Statement",
    "Story",
    "StoryRules",
    "WordClasses",
    "compare_story",
]

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_INITIAL = re.compile(r"(?:^|[.!?:;|#“\"‘(\[—–-])[\s\"“‘'(\[]*$")
"""What may stand before a sentence-initial word (nothing, end punctuation, an opening quote)."""
_POSSESSIVE = re.compile(r"'s\Z", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Configuration: thresholds and word classes


class StoryRulesError(InputError):
    """A thresholds file that cannot be read or used (``source`` is the file)."""


@attrs.frozen
class StoryRules:
    """When two attributed contents report the same thing (see ``story_thresholds.toml``).

    Attributes:
        min_shared_words: Content words in common, at least.
        min_shared_specific: Names or numbers among them, at least.
        min_shared_common: Other words (neither names nor numbers) among them, at least.
        min_overlap: Shared words over the shorter content's words, at least.
        min_common_overlap: Shared words that are not names or numbers over the shorter
            content's such words, at least.
        min_dice: Shared words over both contents' words (Dice coefficient), at least.
        same_source_min_shared_words: ``min_shared_words`` for two statements credited to one
            source.
        same_source_min_shared_specific: ``min_shared_specific`` for two statements credited to
            one source.
        same_source_min_shared_common: ``min_shared_common`` for two statements credited to one
            source.
        same_source_min_dice: ``min_dice`` for two statements credited to one source.
    """

    min_shared_words: int = 3
    min_shared_specific: int = 1
    min_shared_common: int = 2
    min_overlap: float = 0.5
    min_common_overlap: float = 0.5
    min_dice: float = 0.45
    same_source_min_shared_words: int = 2
    same_source_min_shared_specific: int = 0
    same_source_min_shared_common: int = 1
    same_source_min_dice: float = 0.3

    @classmethod
    def default(cls) -> StoryRules:
        """The shipped thresholds, read from ``reliability/story_thresholds.toml``."""
        path = resources.files("reliability") / "story_thresholds.toml"
        return cls.from_mapping(tomllib.loads(path.read_text("utf-8")), source="default")

    @classmethod
    def load(cls, path: str | Path) -> StoryRules:
        """Thresholds from a TOML file; keys it leaves out keep the shipped values."""
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise StoryRulesError(str(path), f"cannot read: {exc}") from None
        return cls.from_mapping(data, source=str(path), base=cls.default())

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, source: str, base: StoryRules | None = None
    ) -> StoryRules:
        """Thresholds from parsed TOML, checked; missing keys come from ``base``."""
        fields = {f.name: f for f in attrs.fields(cls)}
        unknown = sorted(set(data) - set(fields) - {"version"})
        if unknown:
            raise StoryRulesError(source, f"unknown key {unknown[0]!r}; known: {', '.join(fields)}")
        values: dict[str, Any] = {} if base is None else attrs.asdict(base)
        for name, value in data.items():
            if name == "version":
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise StoryRulesError(source, f"{name}: must be a number ≥ 0, not {value!r}")
            whole = "min_shared" in name
            if whole and not float(value).is_integer():
                raise StoryRulesError(source, f"{name}: must be a whole number, not {value!r}")
            if not whole and value > 1:
                raise StoryRulesError(source, f"{name}: must be at most 1, not {value!r}")
            values[name] = int(value) if whole else float(value)
        return cls(**values)


@attrs.frozen
class WordClasses:
    """The word classes of the ``story`` lexicon and the roles of ``source_roles``.

    Attributes:
        ignored: Words left out when contents are compared (stop, time and reporting words).
        connectors: Words that open the affiliation after a head noun.
        clauses: Words that end a source description.
        ranks: Modifiers one description may leave out.
        distinguishing: Modifiers that, in one description only, make another source.
        heads: ``(compiled pattern, qualified entry id)`` of head-noun spellings.
        suffixes: ``(ending, exceptions)`` stripped from compared words, longest first; not
            from a word that ends in one of its exceptions.
        titles: Every noun of ``source_roles`` (titles, roles, organisations…): not names.
        roles: Title and role nouns ("president", "official"): who speaks, not what is said,
            so they are left out when contents are compared.
        offices: Title and organisation nouns: a head that identifies on its own.
    """

    ignored: frozenset[str]
    connectors: frozenset[str]
    clauses: frozenset[str]
    ranks: frozenset[str]
    distinguishing: frozenset[str]
    heads: tuple[tuple[re.Pattern[str], str], ...]
    suffixes: tuple[tuple[str, tuple[str, ...]], ...]
    titles: frozenset[str]
    roles: frozenset[str]
    offices: frozenset[str]

    @classmethod
    def of(cls, lexicons: LexiconSet) -> WordClasses:
        """Read the classes from a lexicon set (its ``story`` and ``source_roles`` families)."""
        by_label: dict[str, set[str]] = {}
        heads: list[tuple[re.Pattern[str], str]] = []
        suffixes: dict[str, tuple[str, ...]] = {}
        for lex in lexicons.family("story"):
            for e in lex.entries:
                if e.label == "suffix" and e.term is not None:
                    folded = tuple(x.casefold() for x in e.exceptions)
                    suffixes[e.term.casefold()] = suffixes.get(e.term.casefold(), ()) + folded
                elif e.label == "head":
                    heads.append((re.compile(rf"(?:{e.regex()})\Z", re.IGNORECASE), e.qualified_id))
                elif e.term is not None and e.label is not None:
                    by_label.setdefault(e.label, set()).add(e.term.casefold())
        roles: dict[str, set[str]] = {}
        if "source_roles" in lexicons:
            for lex in lexicons.family("source_roles"):
                for e in lex.entries:
                    if e.term is not None and e.label is not None and " " not in e.term:
                        roles.setdefault(e.label, set()).add(e.term.casefold().rstrip("."))

        def get(label: str) -> frozenset[str]:
            return frozenset(by_label.get(label, ()))

        made = cls(
            ignored=get("stop") | get("time") | get("reporting"),
            connectors=get("connector"),
            clauses=get("clause"),
            ranks=get("rank"),
            distinguishing=get("distinguishing"),
            heads=tuple(heads),
            suffixes=tuple(sorted(suffixes.items(), key=lambda s: (-len(s[0]), s[0]))),
            titles=frozenset().union(*roles.values()) if roles else frozenset(),
            roles=frozenset(roles.get("title", ())) | frozenset(roles.get("role", ())),
            offices=frozenset(roles.get("title", ())) | frozenset(roles.get("organisation", ())),
        )
        # Role words are compared as content words are: stemmed ("candidates" → "candidate").
        return attrs.evolve(made, roles=frozenset(made.stem(w) for w in made.roles))

    def stem(self, word: str) -> str:
        """The compared form of a word: case-folded, with one listed suffix stripped."""
        folded = word.casefold()
        for suffix, exceptions in self.suffixes:
            if (
                folded.endswith(suffix)
                and len(folded) - len(suffix) >= 3
                and not folded.endswith(exceptions)
            ):
                return folded[: -len(suffix)]
        return folded

    def head(self, word: str) -> str:
        """A head noun's canonical form: the head entry its spelling matches, else the word."""
        for pattern, entry_id in self.heads:
            if pattern.match(word):
                return entry_id
        return word.casefold()


# ---------------------------------------------------------------------------------------------
# Statements


@attrs.frozen
class Statement:
    """One attribution of one article as the story comparison sees it.

    A view of the article's :class:`~reliability.model.Attribution`, not a copy: every field
    below is read from it, so the comparison and the article's profile cannot disagree.

    Attributes:
        article: Index of the article.
        attribution: The attribution relation, as the article's profile holds it.
    """

    article: int
    attribution: Attribution

    @classmethod
    def of(cls, article: int, a: Attribution) -> Statement:
        """The statement of one attribution relation."""
        return cls(article=article, attribution=a)

    @property
    def cue(self) -> Span:
        """The attributing words."""
        return self.attribution.cue

    @property
    def content(self) -> Span | None:
        """What is attributed, if delimited."""
        return self.attribution.content

    @property
    def source(self) -> Span | None:
        """The source as the sentence names it, if it does."""
        return self.attribution.source

    @property
    def resolved_source(self) -> Span | None:
        """The earlier mention a pronoun or bare surname refers to."""
        return self.attribution.resolved_source

    @property
    def kind(self) -> str | None:
        """``on_record``, ``anonymous``, ``unspecified`` or ``None`` when unknown."""
        return self.attribution.source_kind

    @property
    def via(self) -> Span | None:
        """The outlet the statement came through, if any."""
        return self.attribution.via

    @property
    def secondhand(self) -> bool:
        """Whether the source is another outlet whose reporting is relayed."""
        return self.attribution.secondhand

    @property
    def quote(self) -> bool:
        """Whether the content is (or contains) a direct quotation."""
        return self.attribution.quote

    @property
    def rule(self) -> str:
        """The attribution rule that found the relation."""
        return self.attribution.rule

    @property
    def source_text(self) -> str | None:
        """Who the statement is credited to, preferring the resolved mention."""
        span = self.resolved_source or self.source
        return None if span is None else " ".join(span.text.split())

    def describe(self) -> str:
        """How the statement is sourced, in words ("The Hill — on record, secondhand")."""
        who = self.source_text or "no source named"
        if self.source is not None and self.resolved_source is not None:
            written = " ".join(self.source.text.split())
            if written != who:
                who = f"{written} (= {who})"
        notes = [(self.kind or "unknown kind").replace("_", " ")]
        if self.via is not None:
            notes.append(f"via {' '.join(self.via.text.split())}")
        if self.secondhand:
            notes.append("secondhand")
        return f"{who} — {', '.join(notes)}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: spans as ``{start, end, text}``, offsets into its article."""

        def opt(span: Span | None) -> dict[str, Any] | None:
            return None if span is None else span.to_dict()

        return {
            "article": self.article,
            "cue": self.cue.to_dict(),
            "content": opt(self.content),
            "source": opt(self.source),
            "resolved_source": opt(self.resolved_source),
            "source_text": self.source_text,
            "kind": self.kind,
            "via": opt(self.via),
            "secondhand": self.secondhand,
            "quote": self.quote,
            "rule": self.rule,
        }


def _key(s: Statement) -> tuple[int, int, int, int, int]:
    content = s.content or s.cue
    return (s.article, s.cue.start, s.cue.end, content.start, content.end)


# ---------------------------------------------------------------------------------------------
# Content words


@attrs.frozen
class _Words:
    words: frozenset[str]
    specific: frozenset[str]
    names: frozenset[tuple[str, str]]
    """Adjacent names or numbers ("ashraf", "ghani"): one name however many words it has."""


def _content_words(text: str, classes: WordClasses, capitalised: frozenset[str]) -> _Words:
    words: set[str] = set()
    specific: set[str] = set()
    names: set[tuple[str, str]] = set()
    previous: tuple[int, str] | None = None  # (token number, word) of the last specific word
    for n, m in enumerate(_WORD.finditer(text)):
        token = m.group().replace("’", "'")
        folded = token.casefold()
        acronym = len(token) > 1 and token.isupper() and token.isalpha()
        word = classes.stem(token)
        if (folded in classes.ignored or word in classes.roles) and not acronym:
            continue
        is_specific = any(c.isdigit() for c in token) or acronym
        if not is_specific and token[0].isupper() and folded not in classes.titles:
            initial = _INITIAL.search(text, 0, m.start()) is not None
            is_specific = not initial or folded in capitalised
        if is_specific:
            word = _POSSESSIVE.sub("", folded) or folded  # a name keeps its s ("Tomas")
            specific.add(word)
            if previous is not None and previous[0] == n - 1:
                names.add((previous[1], word))
            previous = (n, word)
        words.add(word)
    return _Words(frozenset(words), frozenset(specific), frozenset(names))


def _capitalised_inside(statements: Iterable[Statement]) -> frozenset[str]:
    """Words an article capitalises where they do not open a sentence (names, as it writes)."""
    out: set[str] = set()
    for s in statements:
        for span in (s.content, s.source):
            if span is None:
                continue
            for m in _WORD.finditer(span.text):
                token = m.group()
                if token[0].isupper() and _INITIAL.search(span.text, 0, m.start()) is None:
                    out.add(token.casefold())
    return frozenset(out)


# ---------------------------------------------------------------------------------------------
# Claims


@attrs.frozen
class ClaimMatch:
    """Two statements, in different articles, that report the same thing.

    Attributes:
        a: Index of one statement in its claim's ``statements``.
        b: Index of the other.
        shared: The content words they share, sorted.
        specific: The names and numbers among them, sorted.
        overlap: Shared words over the shorter content's words.
        dice: Shared words over both contents' words (Dice coefficient).
    """

    a: int
    b: int
    shared: tuple[str, ...]
    specific: tuple[str, ...]
    overlap: float
    dice: float
    rule: str = "story.shared_words"

    @property
    def reason(self) -> str:
        """Why the two match, in words."""
        one = "; one source" if self.rule == "story.same_source_words" else ""
        return (
            f"{len(self.shared)} content words in common ({', '.join(self.shared)}), "
            f"{len(self.specific)} of them names or numbers; {self.overlap:.0%} of the shorter "
            f"content, Dice {self.dice:.2f}{one}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "between": [self.a, self.b],
            "rule": self.rule,
            "shared_words": list(self.shared),
            "specific_words": list(self.specific),
            "overlap": round(self.overlap, 4),
            "dice": round(self.dice, 4),
            "reason": self.reason,
        }


@attrs.frozen
class SharedClaim:
    """A claim two or more articles attribute, with how each sources it.

    Attributes:
        articles: The articles that report it, in order.
        statements: Its statements, by article and position.
        matches: The pairs of statements that tie it together, strongest first.
    """

    articles: tuple[int, ...]
    statements: tuple[Statement, ...]
    matches: tuple[ClaimMatch, ...]

    def in_article(self, article: int) -> tuple[Statement, ...]:
        """The claim's statements in one article."""
        return tuple(s for s in self.statements if s.article == article)

    @property
    def kinds(self) -> tuple[tuple[str, ...], ...]:
        """The source kinds each article gives the claim (``unknown`` when not typed)."""
        return tuple(
            tuple(sorted({s.kind or "unknown" for s in self.in_article(i)})) for i in self.articles
        )

    @property
    def sourcing_differs(self) -> bool:
        """Whether the articles credit the claim to sources of different kinds."""
        return len(set(self.kinds)) > 1

    @property
    def strength(self) -> float:
        """The overlap of its strongest pair."""
        return max(m.overlap for m in self.matches)

    def credits(self, article: int) -> str:
        """How one article sources the claim ("The Hill — on record, secondhand; …")."""
        return "; ".join(dict.fromkeys(s.describe() for s in self.in_article(article)))

    def sourcing(self) -> str:
        """How each article sources the claim, in one line ("[1] The Hill — on record · …")."""
        return " · ".join(f"[{i + 1}] {self.credits(i)}" for i in self.articles)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "articles": list(self.articles),
            "statements": [s.to_dict() for s in self.statements],
            "kinds": [list(k) for k in self.kinds],
            "sourcing_differs": self.sourcing_differs,
            "sourcing": self.sourcing(),
            "matches": [m.to_dict() for m in self.matches],
        }


# ---------------------------------------------------------------------------------------------
# Sources


@attrs.frozen
class _Described:
    """A source description taken apart: a name, or a head noun with its modifiers."""

    name: tuple[str, ...]
    head: str | None
    modifiers: frozenset[str]
    is_office: bool


def _describe(text: str, classes: WordClasses) -> _Described | None:
    words = [m.group().replace("’", "'") for m in _WORD.finditer(text)]
    tokens = [_POSSESSIVE.sub("", w) or w for w in words]
    if not tokens or all(t.casefold() in classes.ignored for t in tokens):
        return None  # nothing but a pronoun or function words ("he", "He's")
    # A name: the trailing run of capitalised words that are not titles or function words.
    run: list[str] = []
    for token in reversed(tokens):
        folded = token.casefold().rstrip(".")
        if (
            token[0].isupper()
            and folded not in classes.ignored
            and folded not in classes.titles
            and folded not in classes.connectors
        ):
            run.insert(0, token)
        else:
            break
    if run:
        before = [t.casefold() for t in tokens[: len(tokens) - len(run)]]
        while before and before[-1] in classes.ignored and before[-1] not in classes.connectors:
            before.pop()  # "of the Taliban": look past the article
        joined = bool(before) and (before[-1] in classes.connectors or before[-1] == "and")
        # One capitalised word after an ordinary one is a head noun ("a super PAC"); after a
        # title, or alone, it is a name ("spokesman Mujahid", "Mujahid").
        headword = len(run) == 1 and bool(before) and before[-1] not in classes.titles
        if not joined and not headword:
            return _Described(tuple(t.casefold() for t in run), None, frozenset(), False)
    words = [t.casefold() for t in tokens]
    for i, w in enumerate(words):
        if w in classes.clauses and i > 0:
            words = words[:i]
            break
    split = next((i for i, w in enumerate(words) if w in classes.connectors and i > 0), len(words))
    pre = [w for w in words[:split] if w not in classes.ignored]
    post = [w for w in words[split:] if w not in classes.ignored and w not in classes.connectors]
    if not pre:
        return None
    head = pre[-1]
    modifiers = frozenset(classes.stem(w) for w in [*pre[:-1], *post])
    return _Described((), classes.head(head), modifiers, head in classes.offices)


@attrs.frozen
class SourceMatch:
    """Two mentions, in different articles, of one source.

    Attributes:
        a: Index of one mention in its source's ``mentions``.
        b: Index of the other.
        rule: ``story.same_name``, ``story.surname`` or ``story.description``.
        reason: Why they match, in words.
    """

    a: int
    b: int
    rule: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"between": [self.a, self.b], "rule": self.rule, "reason": self.reason}


@attrs.frozen
class SharedSource:
    """One source that two or more articles cite, however each describes it.

    Attributes:
        articles: The articles that cite it, in order.
        mentions: Its statements (each with its source span), by article and position.
        matches: The pairs of mentions that tie it together, each with its rule and reason.
    """

    articles: tuple[int, ...]
    mentions: tuple[Statement, ...]
    matches: tuple[SourceMatch, ...]

    def in_article(self, article: int) -> tuple[Statement, ...]:
        """The source's mentions in one article."""
        return tuple(s for s in self.mentions if s.article == article)

    def texts(self, article: int) -> tuple[str, ...]:
        """The distinct descriptions one article gives the source."""
        return tuple(dict.fromkeys(s.source_text or "" for s in self.in_article(article)))

    def describe(self, article: int) -> str:
        """How one article describes the source: each wording with its kind, via, secondhand."""
        return "; ".join(dict.fromkeys(s.describe() for s in self.in_article(article)))

    @property
    def label(self) -> str:
        """The source as its first article describes it."""
        return self.texts(self.articles[0])[0]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "articles": list(self.articles),
            "label": self.label,
            "texts": [list(self.texts(i)) for i in self.articles],
            "mentions": [s.to_dict() for s in self.mentions],
            "matches": [m.to_dict() for m in self.matches],
        }


def _source_match(
    a: _Described, b: _Described, classes: WordClasses, full_names: Mapping[str, int]
) -> tuple[str, str] | None:
    """``(rule, reason)`` when two descriptions name one source, else ``None``."""
    if a.name or b.name:
        if not (a.name and b.name):
            return None
        if a.name == b.name:
            return "story.same_name", f"same name {' '.join(a.name)!r}"
        short, long = (a.name, b.name) if len(a.name) < len(b.name) else (b.name, a.name)
        if (
            len(short) == 1
            and len(long) > 1
            and long[-1] == short[0]
            and full_names.get(short[0], 0) == 1
        ):
            return (
                "story.surname",
                f"{short[0]!r} is the surname of {' '.join(long)!r}, "
                "the one full name ending in it",
            )
        return None
    if a.head is None or a.head != b.head:
        return None
    small, large = sorted((a.modifiers, b.modifiers), key=lambda m: (len(m), sorted(m)))
    if not small <= large:
        return None
    extra = large - small
    if extra & classes.distinguishing:
        return None
    if not small and large:
        return None  # "the campaign" could be any of the campaigns the other article names
    affiliation = small - classes.ranks - classes.distinguishing
    if not affiliation and not a.is_office:
        return None
    head = a.head.rpartition(":")[2].removeprefix("head-")
    reason = f"same head noun {head!r}"
    if small:
        reason += f"; {', '.join(sorted(small))} in both"
    if extra:
        reason += f"; one adds {', '.join(sorted(extra))}"
    return "story.description", reason


# ---------------------------------------------------------------------------------------------
# The story


@attrs.frozen
class Story:
    """What articles on one story share, claim by claim and source by source.

    Attributes:
        articles: Number of articles compared.
        shared_claims: Claims two or more articles attribute: widest first, then those sourced
            differently, then the strongest.
        shared_sources: Sources two or more articles cite, widest first.
        single_claims: Attributed contents no other article reports, by article and position.
        rules: The thresholds the claims were matched with.
    """

    articles: int
    shared_claims: tuple[SharedClaim, ...]
    shared_sources: tuple[SharedSource, ...]
    single_claims: tuple[Statement, ...]
    rules: StoryRules

    def single_in(self, article: int) -> tuple[Statement, ...]:
        """The attributed contents only this article reports."""
        return tuple(s for s in self.single_claims if s.article == article)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the ``story`` member of a comparison)."""
        return {
            "thresholds": attrs.asdict(self.rules),
            "shared_claims": [c.to_dict() for c in self.shared_claims],
            "shared_sources": [s.to_dict() for s in self.shared_sources],
            "single_claims": [
                {**s.to_dict(), "sourced": s.kind in ("on_record", "anonymous")}
                for s in self.single_claims
            ],
        }


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return sorted(out.values())


def statements_of(profiles: Sequence[Profile]) -> tuple[Statement, ...]:
    """Every attribution of every article as a statement, by article and cue position."""
    out: list[Statement] = []
    for i, p in enumerate(profiles):
        result = p.scores.get("attribution")
        if result is None:
            continue
        out.extend(Statement.of(i, a) for a in result.attributions)
    return tuple(sorted(out, key=_key))


def _pair(
    wi: _Words, wj: _Words, one_source: bool, rules: StoryRules
) -> tuple[tuple[str, ...], tuple[str, ...], float, float] | None:
    """``(shared, specific, overlap, dice)`` when two contents report the same thing."""
    shared = wi.words & wj.words
    # A name of several words is one shared word ("Donald Trump").
    joined = sum(1 for a, b in wi.names & wj.names if a in shared and b in shared)
    if one_source:
        need_words = rules.same_source_min_shared_words
        need_specific = rules.same_source_min_shared_specific
        need_common = rules.same_source_min_shared_common
        need_dice = rules.same_source_min_dice
    else:
        need_words = rules.min_shared_words
        need_specific = rules.min_shared_specific
        need_common = rules.min_shared_common
        need_dice = rules.min_dice
    if len(shared) - joined < max(need_words, 1):
        return None
    specific = shared & (wi.specific | wj.specific)
    if len(specific) < need_specific or len(shared) - len(specific) < need_common:
        return None
    overlap = len(shared) / min(len(wi.words), len(wj.words))
    dice = 2 * len(shared) / (len(wi.words) + len(wj.words))
    common = min(len(wi.words - wi.specific), len(wj.words - wj.specific))
    common_overlap = (len(shared) - len(specific)) / common if common else 1.0
    if overlap < rules.min_overlap or dice < need_dice:
        return None
    if common_overlap < rules.min_common_overlap:
        return None
    return tuple(sorted(shared)), tuple(sorted(specific)), overlap, dice


def _best_only(
    edges: Sequence[tuple[int, int, ClaimMatch]], article: Sequence[int]
) -> list[tuple[int, int, ClaimMatch]]:
    """The pairs in which one of the two is the other's best match in its article.

    A statement that merely meets a second claim in a few words then does not chain the two
    claims into one.
    """
    best: dict[tuple[int, int], tuple[float, float]] = {}
    for i, j, m in edges:
        for one, other in ((i, j), (j, i)):
            key = (one, article[other])
            best[key] = max(best.get(key, (0.0, 0.0)), (m.overlap, m.dice))
    return [
        (i, j, m)
        for i, j, m in edges
        if (m.overlap, m.dice) in (best[(i, article[j])], best[(j, article[i])])
    ]


def _claims(
    statements: Sequence[Statement],
    classes: WordClasses,
    rules: StoryRules,
    source_of: Mapping[tuple[int, int, int, int, int], int],
) -> tuple[SharedClaim, ...]:
    capitalised = {
        art: _capitalised_inside(s for s in statements if s.article == art)
        for art in {s.article for s in statements}
    }
    items = [
        (s, _content_words(s.content.text, classes, capitalised[s.article]))
        for s in statements
        if s.content is not None
    ]
    sources = [source_of.get(_key(s)) for s, _ in items]
    article = [s.article for s, _ in items]
    fewest = max(1, min(rules.min_shared_words, rules.same_source_min_shared_words))
    edges: list[tuple[int, int, ClaimMatch]] = []
    for i, (_, wi) in enumerate(items):
        if len(wi.words) < fewest:
            continue
        for j in range(i + 1, len(items)):
            wj = items[j][1]
            if article[j] == article[i] or len(wi.words & wj.words) < fewest:
                continue
            one_source = sources[i] is not None and sources[i] == sources[j]
            found = _pair(wi, wj, one_source, rules)
            if found is not None:
                rule = "story.same_source_words" if one_source else "story.shared_words"
                edges.append((i, j, ClaimMatch(i, j, *found, rule)))
    edges = _best_only(edges, article)
    union = _Union(len(items))
    for i, j, _ in edges:
        union.join(i, j)
    claims = []
    for group in union.groups():
        if len(group) < 2:
            continue
        position = {g: n for n, g in enumerate(group)}
        matches = sorted(
            (attrs.evolve(m, a=position[i], b=position[j]) for i, j, m in edges if i in position),
            key=lambda m: (-m.overlap, -m.dice, m.a, m.b),
        )
        stmts = tuple(items[g][0] for g in group)
        claims.append(SharedClaim(tuple(sorted({s.article for s in stmts})), stmts, tuple(matches)))
    # Widest first; among claims as wide, those the articles source differently first.
    claims.sort(
        key=lambda c: (-len(c.articles), not c.sourcing_differs, -c.strength, _key(c.statements[0]))
    )
    return tuple(claims)


def _sources(
    statements: Sequence[Statement], classes: WordClasses
) -> tuple[tuple[SharedSource, ...], dict[tuple[int, int, int, int, int], int]]:
    """The shared sources, and each credited statement's source (a component number)."""
    mentions = []
    for s in statements:
        if s.kind == "unspecified" or s.source_text is None:
            continue
        described = _describe(s.source_text, classes)
        if described is not None:
            mentions.append((s, described))
    full_names: dict[str, set[tuple[str, ...]]] = {}
    for _, d in mentions:
        if len(d.name) > 1:
            full_names.setdefault(d.name[-1], set()).add(d.name)
    counts = {k: len(v) for k, v in full_names.items()}
    union = _Union(len(mentions))
    edges: list[tuple[int, int, str, str]] = []
    seen: dict[tuple[str, str], tuple[str, str] | None] = {}
    for i, (si, di) in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            sj, dj = mentions[j]
            pair = (si.source_text or "", sj.source_text or "")
            if pair not in seen:
                seen[pair] = _source_match(di, dj, classes, counts)
            found = seen[pair]
            if found is None:
                continue
            union.join(i, j)
            if si.article != sj.article:
                edges.append((i, j, *found))
    out = []
    component: dict[tuple[int, int, int, int, int], int] = {}
    for number, group in enumerate(union.groups()):
        members = [mentions[g][0] for g in group]
        component.update((_key(s), number) for s in members)
        articles = tuple(sorted({s.article for s in members}))
        if len(articles) < 2:
            continue
        position = {g: n for n, g in enumerate(group)}
        matches: dict[tuple[str, str, int, int], SourceMatch] = {}
        for i, j, rule, reason in edges:
            if i in position:
                a, b = mentions[i][0], mentions[j][0]
                key = (a.source_text or "", b.source_text or "", a.article, b.article)
                matches.setdefault(key, SourceMatch(position[i], position[j], rule, reason))
        out.append(SharedSource(articles, tuple(members), tuple(matches.values())))
    out.sort(key=lambda s: (-len(s.articles), _key(s.mentions[0])))
    return tuple(out), component


def compare_story(
    profiles: Sequence[Profile],
    *,
    lexicons: LexiconSet | None = None,
    rules: StoryRules | None = None,
) -> Story:
    """Find the claims and sources that articles on one story share.

    Args:
        profiles: The articles' profiles (their attribution relations are read).
        lexicons: The lexicon set whose ``story`` and ``source_roles`` families give the word
            classes; by default the shipped lexicons.
        rules: The matching thresholds; by default the shipped ``story_thresholds.toml``.

    Returns:
        The shared claims, the shared sources and the claims only one article makes.
    """
    classes = _classes(lexicons if lexicons is not None else LexiconSet.default())
    rules = rules if rules is not None else _default_rules()
    statements = statements_of(profiles)
    shared_sources, source_of = _sources(statements, classes)
    claims = _claims(statements, classes, rules, source_of)
    claimed = {_key(s) for c in claims for s in c.statements}
    single = tuple(s for s in statements if s.content is not None and _key(s) not in claimed)
    return Story(
        articles=len(profiles),
        shared_claims=claims,
        shared_sources=shared_sources,
        single_claims=single,
        rules=rules,
    )


_CLASSES: dict[int, tuple[LexiconSet, WordClasses]] = {}
_RULES: list[StoryRules] = []


def _classes(lexicons: LexiconSet) -> WordClasses:
    """The word classes of a lexicon set, read once per set."""
    cached = _CLASSES.get(id(lexicons))
    if cached is not None and cached[0] is lexicons:
        return cached[1]
    classes = WordClasses.of(lexicons)
    if len(_CLASSES) > 16:
        _CLASSES.clear()
    _CLASSES[id(lexicons)] = (lexicons, classes)
    return classes


def _default_rules() -> StoryRules:
    if not _RULES:
        _RULES.append(StoryRules.default())
    return _RULES[0]
