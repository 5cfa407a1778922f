"""allegiance: conflict reporting → a time-aware, source-linked knowledge graph."""

from __future__ import annotations

__version__ = "0.1.0"
