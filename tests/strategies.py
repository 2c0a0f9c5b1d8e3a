"""Hypothesis strategies shared by the tests: arbitrary Unicode and realistic news-like text."""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = ["Ana Ruiz", "John Smith", "Zahid Chaudhri", "Mr. Lee", "Gen. Odierno", "Maria O'Neill"]
ROLES = [
    "a senior official",
    "the spokesperson",
    "sources",
    "a US official",
    "the ministry",
    "people familiar with the matter",
    "Reuters",
    "The Hill",
]
CUES = ["said", "told reporters", "according to", "tweeted", "has maintained", "reportedly said"]
CLAIMS = [
    "the talks would resume on Monday",
    "the U.S. embassy was closed",
    "prices may rise by about 3.5 percent",
    "it is unclear whether the bridge will reopen",
    "the plan clearly failed",
    "troops left the capital",
]
FURNITURE = [
    "Also Read - Ten things to know",
    "Support us today for as little as $1.",
    "Follow us on Twitter",
    "Advertisement",
    "Remind me next month",
]
SPACES = [" ", " ", " ", "\u00a0", "\t", "  ", "\u200b "]
BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\u2029"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One news-like sentence: attributed, quoted, hedged or bare, sometimes unterminated."""
    who = draw(st.sampled_from(NAMES + ROLES))
    cue = draw(st.sampled_from(CUES))
    claim = draw(st.sampled_from(CLAIMS))
    form = draw(st.integers(0, 5))
    if form == 0:
        s = f"{who} {cue} {claim}."
    elif form == 1:
        s = f"“{claim.capitalize()},” {who} {cue}."
    elif form == 2:
        s = f'"{claim.capitalize()}. And more," {who} {cue}.'
    elif form == 3:
        s = f"According to {who}, {claim}."
    elif form == 4:
        s = f"{claim.capitalize()}"  # a headline without final punctuation
    else:
        s = f"{claim.capitalize()}.{draw(st.sampled_from(FURNITURE))}"  # glued sentences
    return s.replace(" ", draw(st.sampled_from(SPACES)), draw(st.integers(0, 2)))


@st.composite
def articles(draw: st.DrawFn) -> str:
    """A news-like article: paragraphs of sentences, furniture lines, odd breaks and quotes."""
    paras = []
    for _ in range(draw(st.integers(0, 6))):
        n = draw(st.integers(1, 4))
        para = " ".join(draw(sentences()) for _ in range(n))
        if draw(st.booleans()) and draw(st.booleans()):
            para = draw(st.sampled_from(FURNITURE))
        if draw(st.integers(0, 9)) == 0:
            para = "“" + para  # an unbalanced or paragraph-continuing quotation
        paras.append(para)
    breaks = [draw(st.sampled_from(BREAKS)) for _ in paras]
    return "".join(p + b for p, b in zip(paras, breaks, strict=False))


any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400) | st.text(
    alphabet=" \n\r\t\u00a0\u200b\"“”‘’'.!?…:;,()[]aZ0 -", max_size=200
)
"""Arbitrary Unicode (no lone surrogates), plus a mix dense in punctuation and quotation marks."""

texts = any_text | articles()
"""Any text a scorer may meet."""


EMBEDDED_POSTS = [
    "The vote is on Friday, Ana Ruiz said. pic.twitter.com/a1B2c3 — Ana Ruiz (@anaruiz) "
    "September 1, 2016",
    "Officials said the port is shut. — Port News (@portnews) March 3, 2016",
    "A post shared by John Smith on Jun 4, 2016 said the talks failed.",
]
MENTIONS = [
    "Mayor Ana Ruiz said",
    "Ana Ruiz said",
    "Ruiz said",
    "The mayor said",
    "She said",
    "He said",
    "A senior official, who asked not to be named because the talks are private, said",
    "The official said",
    "Sources said",
    "Gen. Odierno told reporters",
    "Odierno said",
    "According to Reuters,",
    "It is believed that",
]


@st.composite
def sourced_articles(draw: st.DrawFn) -> str:
    """An article dense in sourcing: repeated mentions of one person (full name, surname,
    title, pronoun), anonymous and unspecified sources, quotations, hedges, embedded posts and
    furniture, in paragraphs or run together on one line."""
    paras = []
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            paras.append(draw(st.sampled_from(EMBEDDED_POSTS)))
        elif kind == 1:
            paras.append(draw(st.sampled_from(FURNITURE)))
        else:
            parts = []
            for _ in range(draw(st.integers(1, 4))):
                claim = draw(st.sampled_from(CLAIMS))
                if draw(st.booleans()):
                    parts.append(f"{draw(st.sampled_from(MENTIONS))} {claim}.")
                elif draw(st.booleans()):
                    who = draw(st.sampled_from(MENTIONS)).removesuffix(" said")
                    parts.append(f"“{claim.capitalize()},” {who} said.")
                else:
                    parts.append(draw(sentences()))
            paras.append(" ".join(parts))
    joiner = draw(st.sampled_from(["\n\n", "\n", " "]))
    return joiner.join(paras)
