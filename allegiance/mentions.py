"""Placeholder until the stage lands: passes the article through unchanged."""

from __future__ import annotations

from .article import Article


def find_mentions(article: Article) -> Article:
    return article
