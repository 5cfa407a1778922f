"""Cross-document resolution: conservative merges, candidates, contested claims, corrections."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from allegiance.errors import StoreError
from allegiance.graph import query as q
from allegiance.graph import schema as t
from allegiance.graph.store import Store, open_store
from tests.support.fake import extraction


def _people(store: Store) -> list[str]:
    with store.read() as conn:
        return sorted(r[0] for r in conn.execute(sa.select(t.entities.c.name).where(
            t.entities.c.type == "PERSON", t.entities.c.merged_into.is_(None))))


def _doc(text: str, ents: list[dict[str, Any]], facts: list[dict[str, Any]] | None = None, **kw: Any) -> Any:
    return extraction(text, ents, facts or [], **kw)


def test_kb_actors_merge_on_their_id_and_two_kb_actors_never_merge(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Nusra Front fighters entered Idlib.", [
        {"name": "Nusra Front", "type": "ORG", "kb_id": "jabhat-al-nusra"}]))
    store.ingest(_doc("Jabhat al-Nusra and Ahrar al-Sham fought.", [
        {"name": "Jabhat al-Nusra", "type": "ORG", "kb_id": "jabhat-al-nusra"},
        {"name": "Ahrar al-Sham", "type": "ORG", "kb_id": "ahrar-al-sham"}]))
    assert store.stats()["entities"] == 2
    ids = [h["id"] for h in q.search(store, "Nusra") if h["kb_id"]]
    ids += [h["id"] for h in q.search(store, "Ahrar al-Sham")]
    with pytest.raises(StoreError, match="two knowledge-base actors"):
        store.merge(ids[0], ids[-1])


def test_a_common_name_alone_never_merges(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Abu Omar spoke in Aleppo.", [{"name": "Abu Omar", "type": "PERSON"}]))
    store.ingest(_doc("Abu Omar spoke in Daraa.", [{"name": "Abu Omar", "type": "PERSON"}]))
    store.ingest(_doc("Mohammed was killed.", [{"name": "Mohammed", "type": "PERSON"}]))
    store.ingest(_doc("Mohammed was wounded.", [{"name": "Mohammed", "type": "PERSON"}]))
    assert _people(store) == ["Abu Omar", "Abu Omar", "Mohammed", "Mohammed"]


def test_a_full_name_merges_across_spellings_with_shared_context(db_url: str) -> None:
    store = open_store(db_url)
    group = {"name": "Ahrar al-Sham", "type": "ORG", "kb_id": "ahrar-al-sham"}
    store.ingest(_doc("Omar al-Rahmani joined Ahrar al-Sham.", [{"name": "Omar al-Rahmani", "type": "PERSON"}, group]))
    store.ingest(_doc("Omar a-Rahmani left Ahrar al-Sham.", [{"name": "Omar a-Rahmani", "type": "PERSON"}, group]))
    assert _people(store) == ["Omar al-Rahmani"]
    with store.read() as conn:
        reasons = [r[0] for r in conn.execute(sa.select(t.local_entities.c.reason).where(
            t.local_entities.c.type == "PERSON").order_by(t.local_entities.c.document_id))]
    assert any("same name" in r and "co-mentioned" in r for r in reasons)


def test_a_full_name_without_shared_context_is_a_candidate_not_a_merge(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Omar Rahmani joined Ahrar al-Sham.", [
        {"name": "Omar Rahmani", "type": "PERSON"},
        {"name": "Ahrar al-Sham", "type": "ORG", "kb_id": "ahrar-al-sham"}]))
    store.ingest(_doc("Omar Rahmani opened a bakery in Beirut.", [
        {"name": "Omar Rahmani", "type": "PERSON"}, {"name": "Beirut", "type": "PLACE", "geonames": 276781}]))
    assert _people(store) == ["Omar Rahmani", "Omar Rahmani"]
    cands = q.candidates(store)
    assert len(cands) == 1 and "no shared context" in cands[0]["reason"]


def test_two_governorates_named_with_one_type_word_are_no_candidate(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Shelling hit the Daraa countryside.", [{"name": "Daraa countryside", "type": "PLACE"}]))
    store.ingest(_doc("Shelling hit the Hama countryside.", [{"name": "Hama countryside", "type": "PLACE"}]))
    assert q.candidates(store) == []  # 'countryside' is no name: Daraa and Hama are not alike
    assert store.stats()["entities"] == 2


def test_positive_and_negative_membership_are_kept_side_by_side_as_contested(db_url: str) -> None:
    store = open_store(db_url)
    ents = [{"name": "Samir Haddad Khouri", "type": "PERSON"}, {"name": "Jaysh al-Islam", "type": "ORG",
                                                                  "kb_id": "jaysh-al-islam"}]
    store.ingest(_doc("Samir Haddad Khouri was a member of Jaysh al-Islam.", ents, [
        {"predicate": "member_of", "args": {"subject": "e1", "object": "e2"},
         "quote": "Samir Haddad Khouri was a member of Jaysh al-Islam"}]))
    store.ingest(_doc("Samir Haddad Khouri was never a member of Jaysh al-Islam.", ents, [
        {"predicate": "member_of", "args": {"subject": "e1", "object": "e2"}, "polarity": "negative",
         "modality": "denied", "quote": "Samir Haddad Khouri was never a member of Jaysh al-Islam"}]))
    timeline = q.person_timeline(store, "Samir Haddad Khouri")["entries"]
    assert sorted(c["polarity"] for c in timeline) == ["negative", "positive"]
    assert all(c["contested"] for c in timeline)
    detail = q.claim_sources(store, timeline[0]["id"])
    assert [c["polarity"] for c in detail["contested_with"]] == [timeline[1]["polarity"]]


def test_two_founding_dates_are_contested_but_a_finer_date_is_not(db_url: str) -> None:
    store = open_store(db_url)
    ents = [{"name": "Liwa Suqur al-Ghab", "type": "ORG"}]

    def founded(year: str, pub: str) -> Any:
        text = f"Liwa Suqur al-Ghab was founded in {year}."
        return _doc(text, ents, [{"predicate": "founded", "args": {"object": "e1"}, "time": {"start": year},
                                  "quote": text[:-1]}], published=pub)

    store.ingest(founded("2012", "2015-01-01"))
    store.ingest(founded("2012-06", "2016-01-01"))
    assert store.stats()["contested_claims"] == 0
    store.ingest(founded("2013", "2017-01-01"))
    assert store.stats()["contested_claims"] == 3


def test_two_perpetrators_of_one_event_are_contested(db_url: str) -> None:
    store = open_store(db_url)
    ents = [{"name": "Jabhat al-Nusra", "type": "ORG", "kb_id": "jabhat-al-nusra"},
            {"name": "Harasta", "type": "PLACE", "geonames": 170592}]
    for who, kb in (("Jabhat al-Nusra", "jabhat-al-nusra"), ("Jaysh al-Islam", "jaysh-al-islam")):
        text = f"{who} shelled Harasta on Monday."
        store.ingest(_doc(text, [{"name": who, "type": "ORG", "kb_id": kb}, ents[1]], [
            {"predicate": "attack", "args": {"agent": "e1"}, "place": "e2", "time": {"start": "2017-04-10"},
             "quote": text[:-1]}]))
    assert store.stats()["contested_claims"] == 2


def test_merge_and_split_by_a_person_survive_a_rebuild(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Abu Hamza al-Idlibi led the raid.", [{"name": "Abu Hamza al-Idlibi", "type": "PERSON"}]))
    store.ingest(_doc("Hamza Idlibi was arrested.", [{"name": "Hamza Idlibi", "type": "PERSON"}]))
    store.ingest(_doc("Fadi Nasser Aswad spoke. Fadi Nasser Aswad left.", [
        {"name": "Fadi Nasser Aswad", "type": "PERSON"}]))
    store.ingest(_doc("Fadi Nasser Aswad, a farmer, spoke.", [{"name": "Fadi Nasser Aswad", "type": "PERSON"}]))
    assert _people(store) == ["Abu Hamza al-Idlibi", "Fadi Nasser Aswad", "Hamza Idlibi"]
    a, b = (q.search(store, n, type="PERSON")[0]["id"] for n in ("Abu Hamza al-Idlibi", "Hamza Idlibi"))
    store.merge(a, b)
    fadi = q.search(store, "Fadi Nasser Aswad", type="PERSON")[0]["id"]
    assert len(store.split(fadi)) == 2
    want = ["Abu Hamza al-Idlibi", "Fadi Nasser Aswad", "Fadi Nasser Aswad"]
    assert _people(store) == want
    store.rebuild()
    assert _people(store) == want
    stats = store.stats()
    assert stats["merges"] >= 2
    with store.read() as conn:
        by = sorted(r[0] for r in conn.execute(sa.select(t.merges.c.by).where(t.merges.c.action != "attach")))
    assert by.count("person") == 2


def test_search_is_transliteration_aware(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_doc("Omar a-Rahmoun joined Ahrar al-Sham.", [
        {"name": "Omar a-Rahmoun", "type": "PERSON", "aliases": ["a-Rahmoun", "Rahmoun"]},
        {"name": "Ahrar al-Sham", "type": "ORG", "kb_id": "ahrar-al-sham"}]))
    for spelling in ("Omar al-Rahmoun", "Omar Rahmoun", "al-Rahmoun", "rahmoun", "Omar el-Rahmoun"):
        hits = q.search(store, spelling)
        assert hits and hits[0]["name"] == "Omar a-Rahmoun", spelling
    assert q.search(store, "Harakat Hazm") == []


def test_a_title_is_no_name_across_documents(db_url: str) -> None:
    # Coreference gives a person the offices the article calls them by; an office passes
    # from holder to holder, so two holders never merge on it, nor does a bare title.
    store = open_store(db_url)
    uk = {"name": "United Kingdom", "type": "PLACE", "geonames": 2635167}
    store.ingest(_doc("Philip Hammond, the Foreign Secretary, spoke in the United Kingdom.", [
        {"name": "Philip Hammond", "type": "PERSON", "aliases": ["Foreign Secretary"]}, uk]))
    store.ingest(_doc("Boris Johnson, the Foreign Secretary, spoke in the United Kingdom.", [
        {"name": "Boris Johnson", "type": "PERSON", "aliases": ["Foreign Secretary"]}, uk]))
    store.ingest(_doc("The UK Foreign Secretary spoke in the United Kingdom.", [
        {"name": "UK Foreign Secretary", "type": "PERSON"}, uk]))
    store.ingest(_doc("Philip Hammond, the Defence Secretary, spoke in the United Kingdom.", [
        {"name": "Philip Hammond", "type": "PERSON", "aliases": ["Defence Secretary", "Hammond"]}, uk]))
    assert _people(store) == ["Boris Johnson", "Philip Hammond", "UK Foreign Secretary"]


def test_a_name_coreference_glued_on_another_person_draws_no_one_in(db_url: str) -> None:
    # A coreference slip ("Bashar al-Assad" as an alias of Putin) is kept on Putin's entity
    # for search, but a later Bashar al-Assad does not join Putin through it.
    store = open_store(db_url)
    syria = {"name": "Syria", "type": "PLACE", "geonames": 163843}
    store.ingest(_doc("Vladimir Putin met Bashar al-Assad in Syria.", [
        {"name": "Vladimir Putin", "type": "PERSON", "aliases": ["Bashar al-Assad", "Putin"]}, syria]))
    store.ingest(_doc("Bashar al-Assad spoke in Syria.", [{"name": "Bashar al-Assad", "type": "PERSON"}, syria]))
    store.ingest(_doc("Vladimir Putin spoke about Syria.", [{"name": "Vladimir Putin", "type": "PERSON"}, syria]))
    assert _people(store) == ["Bashar al-Assad", "Vladimir Putin"]


def test_a_titled_name_is_matched_without_its_title(db_url: str) -> None:
    # "Minister for the Middle East Tobias Ellwood" is Tobias Ellwood, in either order.
    store = open_store(db_url)
    uk = {"name": "United Kingdom", "type": "PLACE", "geonames": 2635167}
    store.ingest(_doc("Minister for the Middle East Tobias Ellwood visited the United Kingdom.", [
        {"name": "Minister for the Middle East Tobias Ellwood", "type": "PERSON"}, uk]))
    store.ingest(_doc("Tobias Ellwood spoke in the United Kingdom.", [
        {"name": "Tobias Ellwood", "type": "PERSON"}, uk]))
    syria = {"name": "Syria", "type": "PLACE", "geonames": 163843}
    store.ingest(_doc("Bashar al-Assad spoke in Syria.", [{"name": "Bashar al-Assad", "type": "PERSON"}, syria]))
    store.ingest(_doc("President Bashar al-Assad spoke in Syria.", [
        {"name": "President Bashar al-Assad", "type": "PERSON"}, syria]))
    # a title is no name part: without shared context a titled two-part name stays apart
    store.ingest(_doc("President Bashar al-Assad met a delegation in Sochi.", [
        {"name": "President Bashar al-Assad", "type": "PERSON"}]))
    assert _people(store) == ["Bashar al-Assad", "Minister for the Middle East Tobias Ellwood",
                              "President Bashar al-Assad"]


def test_a_name_written_another_way_merges_with_shared_context_and_says_how(db_url: str) -> None:
    store = open_store(db_url)
    tr = {"name": "Turkey", "type": "PLACE", "geonames": 298795}
    sy = {"name": "Syria", "type": "PLACE", "geonames": 163843}
    store.ingest(_doc("Recep Tayyip Erdogan spoke in Turkey about Syria.", [
        {"name": "Recep Tayyip Erdogan", "type": "PERSON"}, tr, sy]))
    # a first name left out and a letter lost with its diacritic: two shared places needed
    store.ingest(_doc("Tayyip Erdoan spoke in Turkey about Syria.", [
        {"name": "Tayyip Erdoan", "type": "PERSON"}, tr, sy]))
    store.ingest(_doc("Mehmet Ali Davutoglu spoke in Turkey about Syria.", [
        {"name": "Mehmet Ali Davutoglu", "type": "PERSON"}, tr, sy]))
    store.ingest(_doc("Ali Davutoglu spoke in Turkey.", [{"name": "Ali Davutoglu", "type": "PERSON"}, tr]))
    store.ingest(_doc("Haider al-Abadi spoke in Syria.", [{"name": "Haider al-Abadi", "type": "PERSON"}, sy]))
    store.ingest(_doc("Haider Jawad al-Abadi spoke in Syria.", [
        {"name": "Haider Jawad al-Abadi", "type": "PERSON"}, sy]))
    assert _people(store) == ["Ali Davutoglu", "Haider al-Abadi", "Mehmet Ali Davutoglu", "Recep Tayyip Erdogan"]
    with store.read() as conn:
        reasons = {r[0] for r in conn.execute(sa.select(t.local_entities.c.reason))}
    assert any("first name left out, a letter lost" in r and "2 co-mentioned" in r for r in reasons)
    assert any("(middle name)" in r for r in reasons)


def test_a_fathers_name_or_a_surname_behind_mr_draws_no_one_in(db_url: str) -> None:
    store = open_store(db_url)
    sy = {"name": "Syria", "type": "PLACE", "geonames": 163843}
    dm = {"name": "Damascus", "type": "PLACE", "geonames": 170654}
    store.ingest(_doc("Bashar Hafez al-Assad spoke in Damascus, Syria.", [
        {"name": "Bashar Hafez al-Assad", "type": "PERSON"}, sy, dm]))
    store.ingest(_doc("Hafez al-Assad ruled Syria from Damascus.", [
        {"name": "Hafez al-Assad", "type": "PERSON"}, sy, dm]))
    store.ingest(_doc("Mr Johnson spoke in Syria.", [{"name": "Mr Johnson", "type": "PERSON"}, sy]))
    store.ingest(_doc("Mr Johnson was seen in Syria.", [{"name": "Mr Johnson", "type": "PERSON"}, sy]))
    assert _people(store) == ["Bashar Hafez al-Assad", "Hafez al-Assad", "Mr Johnson", "Mr Johnson"]


def test_a_person_cannot_merge_a_person_into_a_place_or_an_unknown_entity(db_url: str) -> None:
    from allegiance.errors import NotFoundError

    store = open_store(db_url)
    store.ingest(_doc("Hadi Saleh Marwan visited Aleppo.", [
        {"name": "Hadi Saleh Marwan", "type": "PERSON"}, {"name": "Aleppo", "type": "PLACE", "geonames": 170063}]))
    person = q.search(store, "Hadi Saleh Marwan", type="PERSON")[0]["id"]
    place = q.search(store, "Aleppo", type="PLACE")[0]["id"]
    with pytest.raises(StoreError, match="PERSON"):
        store.merge(person, place)
    with pytest.raises(NotFoundError):
        store.merge(person, 10**6)
    assert store.stats()["entities"] == 2
