from __future__ import annotations

import allegiance


def test_public_api_is_pinned():
    assert allegiance.__all__ == [
        "AllegianceError", "Extraction", "Source", "__version__", "extract", "geocode", "json_schema",
        "load_kb", "load_pipeline", "read_path", "resolve_place", "run", "run_many",
    ]
    for name in allegiance.__all__:
        assert hasattr(allegiance, name)


def test_extract_plain_text():
    result = allegiance.extract("Clashes in Aleppo\n\n2 May 2016\n\nFighting was reported in Aleppo.")
    assert result.document.published == "2016-05-02"
    assert any(e.name == "Aleppo" and e.type == "PLACE" for e in result.entities)
