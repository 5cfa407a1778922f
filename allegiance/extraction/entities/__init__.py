"""Mentions, their rules, linking to one entity per real thing, and coreference."""
