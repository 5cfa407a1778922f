"""Relations a title states (allegiance.extraction.facts.titles), on degraded text too (no
commas). The people and groups are made up, except the head of state the knowledge base
knows."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.model import Extraction


def _relations(text: str) -> set[tuple[str, str, str, str | None]]:
    x: Extraction = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {(f.predicate, names.get(f.args.get("subject", ""), ""), names.get(f.args.get("object", ""), ""), f.role)
            for f in x.facts if "subject" in f.args}


def test_a_title_after_the_name_without_a_comma() -> None:
    rel = _relations("Government forces shelled the town on Monday said Omar Zeidan head of the rebel "
                     "Liwa Nour al-Din Brigade.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel


def test_a_head_of_state_by_the_demonym_is_the_government_the_article_names() -> None:
    rel = _relations("Rebels shelled the town on Monday. The bombing was condemned by Syrian President "
                     "Bashar al-Assad and the Syrian government.")
    assert ("leader_of", "Bashar al-Assad", "Government of Syria", "leader") in rel


def test_a_bare_presidential_title_takes_the_state_the_knowledge_base_gives() -> None:
    rel = _relations("The Syrian government said on Monday the army had retaken the town. President "
                     "Bashar al-Assad visited the troops there.")
    assert ("leader_of", "Bashar al-Assad", "Government of Syria", "leader") in rel


def test_a_deputy_is_a_member_not_the_leader() -> None:
    rel = _relations("Government forces shelled the town on Monday said Omar Zeidan deputy head of the "
                     "rebel Liwa Nour al-Din Brigade.")
    assert not any(p == "leader_of" for p, *_ in rel)
    assert ("member_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "official") in rel


def test_no_title_no_relation() -> None:
    rel = _relations("Rebels shelled the town on Monday said Omar Zeidan a doctor in the Liwa Nour al-Din "
                     "Brigade area.")
    assert not any(p in ("leader_of", "member_of") for p, *_ in rel)


def test_a_bare_leader_title_takes_the_body_the_knowledge_base_gives() -> None:
    rel = _relations("The Syrian government said on Monday the army had retaken the town. Rebels are fighting "
                     "forces loyal to autocratic leader Bashar al-Assad there.")
    assert ("leader_of", "Bashar al-Assad", "Government of Syria", "leader") in rel


def test_a_minister_by_the_demonym_is_a_member_of_that_state() -> None:
    rel = _relations("Russia said on Monday the talks would resume. Russian Foreign Minister Sergei Lavrov "
                     "met the envoy.")
    assert ("member_of", "Sergei Lavrov", "Russia", "official") in rel


def test_a_qualified_chief_of_a_group_is_a_member_not_its_leader() -> None:
    rel = _relations("The UN said on Monday the convoy was ready. The UNs aid chief Omar Zeidan "
                     "said the road was closed.")
    assert not any(p == "leader_of" and who == "Omar Zeidan" for p, who, *_ in rel)
    assert any(p == "member_of" and who == "Omar Zeidan" and role == "official" for p, who, _, role in rel)


def test_a_member_of_an_office_of_a_group() -> None:
    rel = _relations("Rebels shelled the town on Monday said Omar Zeidan a member of the political office of "
                     "the Liwa Nour al-Din Brigade.")
    assert ("member_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "member") in rel


def test_a_title_after_one_word_of_a_groups_name() -> None:
    rel = _relations("The Britain-based Syrian Observatory for Human Rights said on Monday that 12 people died. "
                     "The road is closed said Observatory chief Omar Zeidan.")
    assert ("leader_of", "Omar Zeidan", "Syrian Observatory for Human Rights", "leader") in rel


def test_a_spokesman_speaks_for_the_one_group_the_sentence_names() -> None:
    rel = _relations("The Liwa Nour al-Din Brigade took the village on Monday said spokesman Omar Zeidan.")
    assert any(p == "member_of" and who == "Omar Zeidan" and whom == "Liwa Nour al-Din Brigade"
               for p, who, whom, _ in rel)
    rel = _relations("The Liwa Nour al-Din Brigade fought Ahrar al-Sham on Monday said spokesman Omar Zeidan.")
    assert not any(who == "Omar Zeidan" for _, who, _, _ in rel)


def test_a_spokesman_for_a_group_before_or_after_the_name() -> None:
    rel = _relations("Omar Zeidan a spokesman for the Liwa Nour al-Din Brigade said the town fell on Monday. "
                     "A spokesman for the Ahrar al-Sham group Samir Haddad said the road was cut.")
    assert ("member_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "spokesperson") in rel
    assert ("member_of", "Samir Haddad", "Ahrar al-Sham", "spokesperson") in rel


def test_a_secretary_general_heads_the_body_an_under_secretary_general_does_not() -> None:
    rel = _relations("Rebels shelled the town on Monday said Omar Zeidan, the secretary-general of the Liwa "
                     "Nour al-Din Brigade.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
    rel = _relations("The United Nations Secretary General Lars Holm met the envoy on Monday.")
    assert ("leader_of", "Lars Holm", "United Nations", "leader") in rel
    rel = _relations("Rebels shelled the town on Monday said Omar Zeidan, the under-secretary-general of the "
                     "Liwa Nour al-Din Brigade.")
    assert ("member_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "official") in rel
    assert not any(p == "leader_of" for p, *_ in rel)


def test_a_group_led_by_a_person_whatever_the_parse_makes_of_the_participle() -> None:
    rel = _relations("The Liwa Nour al-Din Brigade, led by Omar Zeidan, trained new recruits near the town.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
    rel = _relations("The Liwa Nour al-Din Brigade, which is headed by Omar Zeidan, trained new recruits.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
    rel = _relations("The Liwa Nour al-Din Brigade, under the command of Omar Zeidan, lost ground.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
    rel = _relations("Omar Zeidan took command of the Liwa Nour al-Din Brigade in 2014.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
    # an operation led by a person names no group he heads
    rel = _relations("The offensive, led by Omar Zeidan, began in May near the town.")
    assert not any(p == "leader_of" for p, *_ in rel)
