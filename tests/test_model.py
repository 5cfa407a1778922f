from __future__ import annotations

import pytest
from pydantic import ValidationError

from allegiance.model import Document, Evidence, Extraction, Fact, json_schema


def test_schema_names_the_contract():
    schema = json_schema()
    assert schema["title"] == "allegiance extraction"
    assert set(schema["properties"]) == {"document", "segments", "entities", "facts"}
    assert "Fact" in schema["$defs"] and "Evidence" in schema["$defs"]


def test_text_is_dropped_unless_asked():
    ex = Extraction(document=Document(id="x", text="abc"))
    assert "text" not in ex.to_dict()["document"]
    assert ex.to_dict(with_text=True)["document"]["text"] == "abc"


def test_fact_requires_evidence_and_known_values():
    with pytest.raises(ValidationError):
        Fact(id="f1", predicate="member_of")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Fact(id="f1", predicate="member_of", polarity="maybe",  # type: ignore[arg-type]
             evidence=Evidence(start=0, end=1, text="a"))
