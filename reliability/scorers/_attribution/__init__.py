"""Helpers of the attribution scorer.

A fast term index over lexicon entries and the rule-based extractor of attribution relations.
"""
