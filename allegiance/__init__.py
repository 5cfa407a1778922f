"""allegiance: conflict reporting → a time-aware, source-linked knowledge graph.

    >>> import allegiance
    >>> result = allegiance.extract("Headline\\n\\n11 April 2017\\n\\nBody text …")
    >>> result.entities, result.facts
"""

from __future__ import annotations

from .errors import AllegianceError
from .inputs import Source, read_path
from .kb import load_kb
from .language import load_pipeline
from .model import Extraction, json_schema
from .pipeline import extract, run, run_many
from .places import geocode, resolve_place

__version__ = "0.1.0"

__all__ = [
    "AllegianceError",
    "Extraction",
    "Source",
    "__version__",
    "extract",
    "geocode",
    "json_schema",
    "load_kb",
    "load_pipeline",
    "read_path",
    "resolve_place",
    "run",
    "run_many",
]
