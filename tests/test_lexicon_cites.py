"""Per-entry provenance in lexicon files: source keys, entries citing them, corpora they help."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.errors import LexiconError
from reliability.lexicon import load_lexicon
from tests.test_lexicon import HEADER as BASE_HEADER

HEADER = (
    BASE_HEADER.replace("[[sources]]\n", '[[sources]]\nkey = "guide"\n', 1)
    + '[[sources]]\ncitation = "A source without a key."\n'
)


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(header + body, "utf-8")
    return path


class TestCites:
    def test_entry_cites_a_source_by_key(self, tmp_path):
        """An entry's cites and helps are read; the source keeps its key."""
        body = '[[entries]]\nterm = "arguably"\ncites = ["guide"]\nhelps = ["conll2010"]\n'
        lexicon = load_lexicon(write(tmp_path, body))
        (entry,) = lexicon.entries
        assert entry.cites == ("guide",)
        assert entry.helps == ("conll2010",)
        assert [s.key for s in lexicon.sources] == ["guide", None]
        assert lexicon.sources[0].citation == "Written for the tests."

    def test_cites_and_helps_default_to_empty(self, tmp_path):
        """An entry without provenance fields has empty cites and helps."""
        (entry,) = load_lexicon(write(tmp_path, '[[entries]]\nterm = "often"\n')).entries
        assert (entry.cites, entry.helps) == ((), ())

    def test_unknown_key_names_file_entry_and_field(self, tmp_path):
        """Citing a key no source has fails, naming the entry, the field and the known keys."""
        body = '[[entries]]\nterm = "often"\n[[entries]]\nterm = "arguably"\ncites = ["nope"]\n'
        path = write(tmp_path, body)
        with pytest.raises(LexiconError) as info:
            load_lexicon(path)
        message = str(info.value)
        assert str(path) in message and "entries[1]" in message and "cites" in message
        assert "'nope'" in message and "guide" in message

    @pytest.mark.parametrize("value", ['"guide"', "[1]", '[""]'])
    def test_cites_must_be_a_list_of_strings(self, tmp_path, value):
        """cites given as a string, a number or an empty string fails with the field named."""
        body = f'[[entries]]\nterm = "often"\ncites = {value}\n'
        with pytest.raises(LexiconError, match="cites"):
            load_lexicon(write(tmp_path, body))

    def test_bad_source_key(self, tmp_path):
        """A source key that is not a lower-case identifier fails, naming the source."""
        header = HEADER.replace('key = "guide"', 'key = "Style Guide"')
        with pytest.raises(LexiconError, match=r"sources\[0\] key"):
            load_lexicon(write(tmp_path, '[[entries]]\nterm = "often"\n', header))
