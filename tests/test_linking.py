from __future__ import annotations

from allegiance.extraction import pipeline as _pipeline
from allegiance.extraction.entities.linking import core_name, place_key
from allegiance.extraction.pipeline import run
from allegiance.read.inputs import Source

TEXT = (
    "Commander recalls the early years\n\n"
    "5 May 2018\n\n"
    "Hassan a-Diri founded Liwa Nasr al-Din in 2012. A-Diri says that Jabhat a-Nusra—now "
    "Jabhat Fatah a-Sham (JFS)—attacked his men. His cousin Walid a-Diri stayed behind; Walid "
    "later joined the Syrian Democratic Forces (SDF). The SDF controls much of the north.\n\n"
    "Q: Why did you leave?\n\n"
    "I had no choice. Nusra would not let me stay.")


def _article():
    return run(Source(name="t", text=TEXT, published="2018-05-05"))


def _entity_with(article, alias):
    hits = [e for e in article.entities if alias == e.name or alias in e.aliases]
    assert len(hits) == 1, (alias, [(e.name, e.aliases) for e in article.entities])
    return hits[0]


def test_one_entity_per_real_thing():
    a = _article()
    hassan = _entity_with(a, "Hassan a-Diri")
    assert "A-Diri" in hassan.aliases
    walid = _entity_with(a, "Walid a-Diri")
    assert walid.id != hassan.id
    nusra = _entity_with(a, "Jabhat a-Nusra")
    for alias in ("Jabhat Fatah a-Sham", "JFS", "Nusra"):
        assert _entity_with(a, alias).id == nusra.id
    sdf = _entity_with(a, "SDF")
    assert sdf.type == "ORG"


def test_rename_is_recorded():
    a = _article()
    assert any(r.old_name == "Jabhat a-Nusra" and r.new_name == "Jabhat Fatah a-Sham" for r in a.renames)


def test_interviewee_speaks_the_answers():
    a = _article()
    hassan = _entity_with(a, "Hassan a-Diri")
    assert a.interviewee == hassan.id
    answers = [i for i, s in enumerate(a.structured.segments) if s.kind == "answer"]
    assert answers and all(a.segment_speakers[i] == hassan.id for i in answers)


def test_core_place_name():
    assert core_name("the northern Hama countryside") == "hama"
    assert core_name("east Aleppo") == "aleppo"
    assert core_name("Wadi Barada") == "wadi barada"
    assert place_key("northern Hama countryside") == place_key("Hama province") != place_key("Hama city")


def test_a_governorate_is_apart_from_its_city():
    names = _names("Report\n\nShelling hit villages in Idlib province and eastern Idlib.\n")
    assert {"Idlib province"} in names
    assert {"Idlib"} in names


# -- other names and offices of one person or group (made-up names) ---------------------
def _names(text: str) -> list[set[str]]:
    article = run(Source(name="t", text=text))
    return [{m.text for m in e.mentions} for e in article.entities]


def test_also_known_as_joins_two_names():
    names = _names("Profile\n\nKarim al-Sabbagh, also known as Abu Salim, is a commander.\n")
    assert {"Karim al-Sabbagh", "Abu Salim"} in names


def test_who_became_joins_a_name_and_an_office():
    names = _names("Profile\n\nThe society was headed by his brother Nadim Qassar, who would later "
                   "become the President of Veloria.\n")
    assert any({"Nadim Qassar", "the President of Veloria"} <= n for n in names)


def test_one_title_of_two_named_holders_joins_neither_to_the_other():
    names = _names("Report\n\nPresident Nadim Qassar met the envoy in the capital. Later President Rami Haddad "
                   "of Veloria arrived and the President spoke to reporters.\n")
    qassar = next(n for n in names if "Nadim Qassar" in n)
    haddad = next(n for n in names if "Rami Haddad" in n)
    assert qassar != haddad
    assert sum("President" in n for n in names) == 2  # the bare use goes to the holder named last
    assert sum(1 for m in haddad if m == "President") >= 1


def test_office_is_holder_joins_by_copula():
    names = _names("Profile\n\nHis Chief of Staff is Major General Rami Haddad.\n")
    assert any({"Chief of Staff", "Rami Haddad"} <= n for n in names)


def test_role_set_before_a_described_name_is_that_person():
    names = _names("Profile\n\nThe former leader of the Harun Brigade, Veloria-born militant "
                   "Tarek Aswani, lived in the village.\n")
    assert any({"The former leader of the Harun Brigade", "Tarek Aswani"} <= n for n in names)


def test_a_place_tagged_as_a_person_once_is_still_the_place():
    a = run(Source(name="t", text="Buses leave\n\n3 March 2019\n\nFighters leave Quneitra on buses. "
                   "The convoy left Quneitra at dawn, residents in Quneitra said.", published="2019-03-03"))
    assert [(e.name, e.type) for e in a.entities if "Quneitra" in e.name] == [("Quneitra", "PLACE")]


def test_a_country_acting_as_a_state_keeps_its_place():
    a = run(Source(name="t", text="A report\n\nTurkey built the Syrian National Army in 2017.\n",
                   published="2020-01-14"))
    turkey = next(e for e in a.entities if e.name == "Turkey")
    assert turkey.type == "ORG" and turkey.lat is not None and turkey.geo_precision == 3


def test_a_village_the_gazetteer_lacks_is_placed_at_the_place_named_with_it() -> None:
    # and a Syrian village is no look-alike town abroad
    x = _pipeline.extract("Report\n\nShelling hit the village of Tel Qarrah east of Aleppo on Monday.\n",
                         published="2016-02-09")
    village = next(e for e in x.entities if e.name == "Tel Qarrah")
    assert village.admin1 == "Aleppo" and village.geo_precision == 2


def test_a_two_letter_acronym_cut_from_a_possessive_is_the_known_body():
    from allegiance.extraction.article import Mention
    from allegiance.extraction.entities.linking import _kb_id
    from allegiance.kb import load_kb

    def mention(text: str) -> Mention:
        return Mention(start=0, end=len(text), text=text, type="ORG", source="ner")

    kb = load_kb()
    assert _kb_id(kb, mention("UN")) == "united-nations"
    assert _kb_id(kb, mention("Un")) is None and _kb_id(kb, mention("QX")) is None


def test_the_names_of_one_country_are_one_entity_of_a_type():
    from allegiance.extraction.pipeline import run
    from allegiance.read.inputs import Source

    text = ("The United States said on Monday it would answer the attack on its forces in northern Syria. "
            "A US official said the U.S. had warned the government in Damascus a week before.")
    article = run(Source(name="t", text=text))
    by_name: dict[str, set[str]] = {}
    for m in article.mentions:
        if m.entity and m.text.removeprefix("The ").removeprefix("the ").rstrip(".") in ("United States", "US", "U.S"):
            by_name.setdefault(m.type, set()).add(m.entity)
    assert by_name == {"ORG": by_name["ORG"]} and len(by_name["ORG"]) == 1
