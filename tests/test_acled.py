"""The ACLED mapping: predicates (and evidence cues) → ACLED event and sub-event types."""

from __future__ import annotations

import pytest

from allegiance.errors import KnowledgeBaseError
from allegiance.kb.acled import acled_type, load_acled_types
from allegiance.model import EVENT_PREDICATES, RELATION_PREDICATES

ACLED_SUB_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def test_every_event_predicate_is_mapped_to_a_codebook_type():
    types = load_acled_types()
    for pred in EVENT_PREDICATES:
        assert pred in types.defaults, pred
        pair = types.defaults[pred]
        if pair is not None:
            assert pair[1] in ACLED_SUB_TYPES[pair[0]], pair
    for rules in types.rules.values():
        for rule in rules:
            assert rule.type[1] in ACLED_SUB_TYPES[rule.type[0]], rule.type


@pytest.mark.parametrize(("pred", "text", "want"), [
    ("clash", None, ("Battles", "Armed clash")),
    ("attack", "Warplanes struck the market", ("Explosions/Remote violence", "Air/drone strike")),
    ("attack", "Rebels shelled the old quarter", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("killing", "A car bomb killed nine people", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("killing", "A suicide bomber killed nine people", ("Explosions/Remote violence", "Suicide bomb")),
    ("killing", "Gunmen shot dead a teacher", ("Violence against civilians", "Attack")),
    ("attack", "Rebels seized the village", ("Battles", "Non-state actor overtakes territory")),
    ("detention", "Masked men abducted a doctor", ("Violence against civilians", "Abduction/forced disappearance")),
    ("detention", "Police arrested two students", ("Strategic developments", "Arrests")),
    ("protest", "Hundreds marched in the square", ("Protests", "Peaceful protest")),
])
def test_cues_refine_the_default(pred, text, want):
    assert acled_type(pred, text) == want


def test_cues_match_whole_words():
    # "shelter" is no shelling, "mined" no landmine
    assert acled_type("attack", "They hit a shelter") == ("Battles", "Armed clash")


def test_relations_and_flight_are_no_acled_events():
    for pred in RELATION_PREDICATES:
        assert acled_type(pred) is None
    assert acled_type("flight", "They fled to Turkey") is None


def test_a_bad_mapping_file_is_a_kb_error(tmp_path):
    bad = tmp_path / "acled.yaml"
    bad.write_text("event_types: [Battles]\npredicates:\n  clash:\n    default: [Riots, Mob violence]\n")
    with pytest.raises(KnowledgeBaseError):
        load_acled_types(bad)
