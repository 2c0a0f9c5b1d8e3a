"""Helpers of the attribution scorer: a fast term index over lexicon entries and the rule-based
extractor of attribution relations."""
