"""allegiance: conflict reporting → a time-aware, source-linked knowledge graph.

    >>> import allegiance
    >>> result = allegiance.extract("Headline\\n\\n11 April 2017\\n\\nBody text …")
    >>> result.entities, result.facts
"""

from __future__ import annotations

from allegiance.errors import AllegianceError
from allegiance.extraction.language import load_pipeline
from allegiance.extraction.pipeline import extract, run, run_many
from allegiance.geo.places import geocode, resolve_place
from allegiance.kb import load_kb
from allegiance.model import Extraction, json_schema
from allegiance.read.inputs import Source, read_path

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
