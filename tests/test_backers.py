"""Alliances a modifier states (allegiance.extraction.facts.backers): "X-backed Y",
"Y backed by X", "X ally Y", on text without commas. The groups are made up."""

from __future__ import annotations

from allegiance.extraction import pipeline


def _allies(text: str) -> set[frozenset[str]]:
    x = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {frozenset((names.get(f.args["subject"], ""), names.get(f.args["object"], "")))
            for f in x.facts if f.predicate == "allied_with"}


def test_a_hyphenated_patron_before_the_group() -> None:
    allies = _allies("Turkey said on Monday that the Turkish-backed Liwa Nour al-Din Brigade had taken "
                     "the village.")
    assert frozenset(("Turkey", "Liwa Nour al-Din Brigade")) in allies


def test_an_ally_noun_before_the_name() -> None:
    allies = _allies("The Syrian government said the talks failed. Government ally Iran said on Monday "
                     "the talks would resume.")
    assert frozenset(("Government of Syria", "Iran")) in allies


def test_no_patron_word_no_alliance() -> None:
    allies = _allies("Turkey said on Monday that the Liwa Nour al-Din Brigade had taken the village.")
    assert not allies


def test_its_patron_ally_and_a_backer_of() -> None:
    allies = _allies("The Syrian government and its Russian ally shelled the town on Monday, Russia said. "
                     "Iran a strong backer of the regime sent advisers.")
    assert frozenset(("Government of Syria", "Russia")) in allies
    assert frozenset(("Government of Syria", "Iran")) in allies


def _parts(text: str) -> set[tuple[str, str]]:
    x = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {(names.get(f.args["subject"], ""), names.get(f.args["object"], ""))
            for f in x.facts if f.predicate == "part_of"}


def test_an_affiliate_named_after_its_owner() -> None:
    parts = _parts("Rebels including fighters from Al-Qaedas affiliate in Syria Al-Nusra Front seized the hill "
                   "on Monday.")
    assert ("Jabhat al-Nusra", "al-Qaeda") in parts


def test_an_affiliate_named_before_its_owner() -> None:
    parts = _parts("Jihadists fighting for the Nusra Front the Syrian branch of al-Qaeda were killed on Monday.")
    assert ("Jabhat al-Nusra", "al-Qaeda") in parts


def test_a_former_affiliate_is_no_part() -> None:
    parts = _parts("Rebels including the former al-Qaeda affiliate Jabhat al-Nusra fired rockets on Monday.")
    assert ("Jabhat al-Nusra", "al-Qaeda") not in parts


def test_an_affiliate_beside_another_group_is_not_that_groups_part() -> None:
    parts = _parts("Fighters from the Liwa Nour al-Din Brigade and al-Qaeda affiliate al-Nusra Front were "
                   "killed on Monday.")
    assert ("Jabhat al-Nusra", "al-Qaeda") in parts
    assert not {p for p in parts if "Liwa Nour al-Din Brigade" in p}


def test_two_patrons_backing_one_group() -> None:
    allies = _allies("The Syrian government said on Monday that Hezbollah fighters backed by Syrian and Iranian "
                     "forces had taken the hills. Iran said nothing.")
    assert frozenset(("Hezbollah", "Government of Syria")) in allies
    assert frozenset(("Hezbollah", "Iran")) in allies


def test_its_allies_from_a_group_past_the_country() -> None:
    allies = _allies("The Syrian army and its allies from Lebanons Shiite militia Hezbollah took the town on "
                     "Monday.")
    assert {a for a in allies if "Hezbollah" in a}
    assert not {a for a in allies if "Lebanon" in a}


def test_a_patron_does_not_reach_past_and() -> None:
    allies = _allies("The group is under attack by both Russian-backed government forces and US-backed "
                     "fighters, Russia said.")
    assert not {a for a in allies if "Russia" in a and any("US" in n or "United States" in n for n in a)}


def test_regime_ally_with_two_states_named() -> None:
    allies = _allies("The Syrian regime and the Turkish government met on Monday. Regime ally Russia said "
                     "the talks failed.")
    assert frozenset(("Government of Syria", "Russia")) in allies


def test_pro_regime_fighters_backed_by_a_patron() -> None:
    allies = _allies("The Syrian government said on Monday that pro-regime fighters backed by Russia air power "
                     "surged towards the town.")
    assert frozenset(("Government of Syria", "Russia")) in allies


def test_the_largest_group_in_a_coalition_and_which_belongs_to() -> None:
    parts = _parts("Jaish al-Islam is the largest group in the Islamic Front. A strike hit the Liwa Nour al-Din "
                   "Brigade which belongs to Ahrar al-Sham on Monday.")
    assert ("Jaysh al-Islam", "Islamic Front") in parts
    assert ("Liwa Nour al-Din Brigade", "Ahrar al-Sham") in parts


def test_various_groups_in_a_coalition_name_no_part() -> None:
    parts = _parts("According to a report in al-Monitor the various groups in Jaysh al-Fateh disagree.")
    assert not parts


def test_a_capital_stands_for_its_state() -> None:
    allies = _allies("The United States said on Monday that the Moscow-backed Liwa Nour al-Din Brigade had "
                     "taken the village. Russia said nothing.")
    assert frozenset(("Russia", "Liwa Nour al-Din Brigade")) in allies


def test_a_patron_does_not_reach_past_the_plural_it_backs() -> None:
    allies = _allies("Turkey said on Monday it would tackle Washington-backed Kurdish militias Ankara considers "
                     "terrorists. The United States said nothing.")
    assert not {a for a in allies if "Turkey" in a}


def _places(text: str) -> set[tuple[str, str]]:
    x = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {(names.get(f.args["subject"], ""), names.get(f.args["object"], ""))
            for f in x.facts if f.predicate == "located_in"}


def test_a_group_active_in_a_province_and_a_town_its_stronghold() -> None:
    places = _places("The checkpoint was run by the Liwa Nour al-Din Brigade which is active in Aleppo province. "
                     "Jets struck near Manbij a key Ahrar al-Sham stronghold on Monday.")
    assert ("Liwa Nour al-Din Brigade", "Aleppo province") in places
    assert ("Ahrar al-Sham", "Manbij") in places


def test_groups_in_a_town_include_each_group_but_not_an_affiliates_owner() -> None:
    places = _places("Rebel groups in Jayrud include the hardline Ahrar al-Sham and al-Qaeda affiliate "
                     "al-Nusra Front.")
    assert ("Ahrar al-Sham", "Jayrud") in places
    assert ("Jabhat al-Nusra", "Jayrud") in places
    assert not {p for p in places if p[0] == "al-Qaeda"}


def test_a_hyphenated_holder_before_a_place_and_the_places_listed_after_it() -> None:
    places = _places("The Syrian government said on Monday that rebels shelled the government-held towns of "
                     "Nubbul and Zahraa. Jets struck IS-held Raqqa, the Islamic State (IS) group said.")
    assert ("Government of Syria", "Nubbul") in places
    assert ("Government of Syria", "Zahraa") in places
    assert ("Islamic State", "Raqqa") in places


def test_a_held_place_needs_a_holder_the_article_names() -> None:
    # no government named: "regime-held" stands for no one; "held" alone holds nothing
    places = _places("Rebels shelled regime-held Aleppo on Monday. Jets struck the held town of Idlib.")
    assert not {p for p in places if p[1] in ("Aleppo", "Idlib")}


def test_its_two_patrons_allies() -> None:
    allies = _allies("Russia and Iran sent advisers. The opposition says the Syrian government and its Russian and "
                     "Iranian allies aim to win the war.")
    assert frozenset(("Government of Syria", "Russia")) in allies
    assert frozenset(("Government of Syria", "Iran")) in allies
