"""Facts about sides stated without a verb of alliance (allegiance.extraction.facts.sides). The
groups are made up, so the rules are exercised, not remembered."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.read.inputs import Source


def _allies(text: str) -> set[frozenset[str]]:
    article = pipeline.run(Source(name="t", text=text))
    out = set()
    for f in article.facts:
        if f.predicate == "allied_with":
            out.add(frozenset(article.entity(v).name for v in f.args.values() if article.entity(v)))
    return out


def test_who_acts_in_support_of_an_actor_is_its_ally() -> None:
    allies = _allies("Statement\n\nThe Harun Brigade launched a new offensive in support of the "
                     "Nasr Front on Monday.\n")
    assert frozenset({"Harun Brigade", "Nasr Front"}) in allies


def test_those_named_in_support_of_an_actors_campaign_are_its_allies() -> None:
    allies = _allies("Statement\n\nThe Harun Brigade, the Nasr Front and others fought in "
                     "support of the Sahel Army campaign against the Omar Battalion.\n")
    assert frozenset({"Harun Brigade", "Sahel Army"}) in allies
    assert frozenset({"Nasr Front", "Sahel Army"}) in allies
    assert not any("Omar Battalion" in pair for pair in allies)


def test_attacking_a_rally_in_support_of_a_leader_is_no_alliance() -> None:
    allies = _allies("Statement\n\nThe Harun Brigade bombarded a rally in support of the Nasr "
                     "Front in the town.\n")
    assert not allies


def test_a_force_acting_in_support_of_an_actor_is_its_ally() -> None:
    allies = _allies("Statement\n\nThe Harun Brigade denied the raid. Harun Brigade fighters "
                     "acting in support of the Nasr Front stormed the village.\n")
    assert frozenset({"Harun Brigade", "Nasr Front"}) in allies


def _parts(text: str) -> set[tuple[str, str]]:
    article = pipeline.run(Source(name="t", text=text))
    names = {e.id: e.name for e in article.entities}
    return {(names.get(f.args.get("subject", ""), ""), names.get(f.args.get("object", ""), ""))
            for f in article.facts if f.predicate == "part_of"}


def test_one_of_the_other_factions_a_list_includes_is_no_part_of_its_first_name() -> None:
    # the parse hangs "including Y" on the list's first name; Y is one of the other factions
    parts = _parts("Report\n\nRebels launched an offensive in Hama with a new coalition between the Nusra Front and "
                   "other factions including the hardline Ahrar al-Sham group.\n")
    assert not any(whole == "Jabhat al-Nusra" for _, whole in parts)
