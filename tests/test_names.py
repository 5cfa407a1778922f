"""Transliteration-aware names: keys, similarity, structure, acronyms, sub-names."""

from __future__ import annotations

import pytest

from allegiance.names import (
    acronym,
    consonants,
    fold,
    is_sub_name,
    is_weak_alias,
    looks_unvowelled,
    name_parts,
    normalize,
    person_variant,
    same_name,
    similarity,
    skeleton,
)

# Spellings of one name as they occur in English-language reporting.
SAME = [
    ("Jabhat a-Nusra", "Jabhat al-Nusra"),
    ("Jabhat an-Nusra", "Jabhat al-Nusrah"),
    ("Jebhat al-Nusra", "Jabhat al-Nusra"),
    ("Jabhat Fatah al-Sham", "Jabhat Fateh ash-Sham"),
    ("Hay'at Tahrir al-Sham", "Hayat Tahrir a-Sham"),
    ("Hayʼat Tahrir al-Sham", "Hay’at Tahrir ash-Sham"),
    ("Hayʿat Tahrir al-Sham", "Hay`at Tahrir as-Sham"),
    ("Ahrar al-Sham", "Ahrar ash-Sham"),
    ("Ahrar al-Sham", "Ahrar a-Sham"),
    ("Ahrar al-Sham", "Ahrar Sham"),
    ("Ḩalfāyā", "Halfaya"),
    ("Omar a-Rahmoun", "Omar al-Rahmun"),
    ("Nour al-Din al-Zenki", "Nur al-Din al-Zinki"),
    ("Abu Mohammad al-Julani", "Abu Muhammad al-Jawlani"),
    ("Abu Mohammed al-Jolani", "Abu Muhammad al-Julani"),
    ("al-Qaeda", "al-Qaida"),
    ("Deir ez-Zor", "Dayr al-Zawr"),
    ("Deir ez-Zor", "Deir al-Zour"),
    ("Abdul Rahman", "Abd al-Rahman"),
    ("Abdulrahman", "Abdel-Rahman"),
    ("Jaysh al-Islam", "Jaish al-Islam"),
    ("Jaysh al-Islam", "Jeish al-Islam"),
    ("Faylaq al-Sham", "Failaq al-Sham"),
    ("Faylaq al-Sham", "Faylak al-Sham"),
    ("Hezbollah", "Hizballah"),
    ("Hezbollah", "Hizbullah"),
    ("Sheikh", "Shaykh"),
    ("Sheikh", "Shaikh"),
    ("Kataib Hezbollah", "Kata'ib Hizbullah"),
    ("Harakat Hazm", "Harakat Hazem"),
    ("Suqour al-Sham", "Suqur al-Sham"),
    ("Liwa al-Tawhid", "Liwa at-Tawheed"),
    ("Islamic State of Iraq and the Levant", "Islamic State in Iraq and Levant"),
    ("Bashar al-Assad", "Bashar al-Asad"),
    ("Abu Bakr al-Baghdadi", "Abubakr al-Baghdadi"),
    ("Qasem Soleimani", "Qassem Soleimani"),
    ("Zahran Alloush", "Zahran Aloush"),
]

# Different names that a careless matcher would merge.
DIFFERENT = [
    ("Sham", "Shams"),
    ("Ahrar al-Sham", "Ahrar al-Shams"),
    ("Ahrar al-Sham", "Ahrar a-Soufiah"),
    ("Ahrar al-Sham", "Ahrar al-Sharqiya"),
    ("Rahmoun", "Rahman"),
    ("Jaysh al-Islam", "Jaysh al-Izza"),
    ("Jaysh al-Sunna", "Jaysh al-Sanadid"),
    ("Liwa al-Haqq", "Liwa al-Fath"),
    ("Jabhat al-Nusra", "Jabhat al-Akrad"),
    ("Jabhat al-Nusra", "Jabhat al-Nusra wal-Jihad"),
    ("Omar", "Amr"),
    ("Ali", "Alaa"),
    ("Hassan", "Hussein"),
    ("Faylaq al-Sham", "Faylaq al-Rahman"),
    ("Jaysh al-Fatah", "Jaysh al-Thuwar"),
    ("Tahrir al-Sham", "Ahrar al-Sham"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_are_the_same_name(a: str, b: str) -> None:
    assert same_name(a, b), (skeleton(a), skeleton(b))
    assert similarity(a, b) == similarity(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not same_name(a, b), (skeleton(a), skeleton(b))


def test_fold_strips_marks_diacritics_and_punctuation() -> None:
    assert fold("Ḩalfāyā") == "halfaya"
    assert fold("Hayʼat Tahrir al-Sham") == "hayat tahrir al sham"
    assert fold("  People’s  Protection   Units ") == "peoples protection units"


@pytest.mark.parametrize(
    "spelling",
    ["al-Rahmoun", "a-Rahmoun", "ar-Rahmoun", "el-Rahmoun", "Rahmoun", "al Rahmoun"],
)
def test_normalize_drops_every_article_form(spelling: str) -> None:
    assert normalize(spelling) == "rahmoun"


@pytest.mark.parametrize(
    "article", ["al", "a", "el", "ad", "ash", "as", "at", "az", "ar", "an"]
)
def test_normalize_drops_sun_letter_articles(article: str) -> None:
    assert normalize(f"Liwa {article}-Tawhid") == "liwa tawhid"


def test_normalize_keeps_a_name_made_only_of_an_article() -> None:
    assert normalize("al") == "al"


def test_identity_scores() -> None:
    assert similarity("Jabhat al-Nusra", "Jabhat a-Nusra") == 1.0
    assert similarity("Jebhat al-Nusra", "Jabhat al-Nusra") == pytest.approx(0.97)
    assert 0.9 <= similarity("Zenki", "Zinki") < 0.97


def test_threshold_is_keyword_only() -> None:
    assert same_name("Zenki", "Zinki", threshold=0.95)
    assert not same_name("Zenki", "Zinki", threshold=0.99)
    with pytest.raises(TypeError):
        same_name("a", "b", 0.5)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Syrian Democratic Forces", "SDF"),
        ("People's Protection Units", "PPU"),
        ("Hay'at Tahrir al-Sham", "HTS"),
        ("Jabhat Fateh al-Sham", "JFS"),
        ("Free Syrian Army", "FSA"),
        ("Islamic State of Iraq and the Levant", "ISIL"),
        ("Islamic State of Iraq and Syria", "ISIS"),
        ("National Defence Forces", "NDF"),
        ("Syrian Observatory for Human Rights", "SOHR"),
    ],
)
def test_acronym(name: str, expected: str) -> None:
    assert acronym(name) == expected


def test_name_parts_kunya_and_surname() -> None:
    parts = name_parts("Abu Mohammad al-Julani")
    assert parts.kunya == "abu mohammad"
    assert parts.surname == "julani"
    assert parts.given is None


def test_name_parts_given_and_surname() -> None:
    parts = name_parts("Omar a-Rahmoun")
    assert (parts.given, parts.surname, parts.kunya) == ("omar", "rahmoun", None)


def test_name_parts_patronymic() -> None:
    parts = name_parts("Hamza bin Laden")
    assert parts.given == "hamza"
    assert parts.nasab == ("bin laden",)


@pytest.mark.parametrize(
    "name", ["Abu Omar", "Abu Muhammad", "Umm Ahmad", "Mohammed", "Muhammad", "Ibn Taymiyya", "Ab"]
)
def test_weak_aliases(name: str) -> None:
    assert is_weak_alias(name)


@pytest.mark.parametrize(
    "name", ["Abu Mohammad al-Julani", "Omar a-Rahmoun", "Rahmoun", "Bashar al-Assad", "Zahran"]
)
def test_identifying_names_are_not_weak(name: str) -> None:
    assert not is_weak_alias(name)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Rahmoun", "Omar a-Rahmoun"),
        ("a-Rahmoun", "Omar al-Rahmoun"),
        ("Nusra", "Jabhat a-Nusra"),
        ("Zinki", "Nour al-Din al-Zenki"),
        ("Julani", "Abu Mohammad al-Jolani"),
        ("Tahrir al-Sham", "Hay'at Tahrir al-Sham"),
    ],
)
def test_sub_names(short: str, long: str) -> None:
    assert is_sub_name(short, long)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Sham", "Ahrar al-Sham"),  # generic: "the Levant"
        ("Jabhat", "Jabhat al-Nusra"),  # a type word
        ("Abu", "Abu Mohammad al-Julani"),
        ("Soufiah", "Ahrar al-Sham"),
        ("Jabhat al-Nusra", "Jabhat al-Nusra"),  # not shorter
        ("Nusra Rahmoun", "Jabhat a-Nusra"),
        ("Sham Ahrar", "Ahrar al-Sham"),  # wrong order
    ],
)
def test_not_sub_names(short: str, long: str) -> None:
    assert not is_sub_name(short, long)


def test_keys_are_cached() -> None:
    skeleton("Jabhat al-Nusra")
    before = skeleton.cache_info().hits
    skeleton("Jabhat al-Nusra")
    assert skeleton.cache_info().hits == before + 1


@pytest.mark.parametrize(
    ("machine", "reporter"),
    [("alhskt", "Al-Hasakah"), ("mrkdt", "Markadah"), ("tl tmr", "Tell Tamer"),
     ("alqamshly", "Qamishli"), ("ras alʿyn", "Ras al-Ain"), ("yʿrbyt", "Al-Yaarubiyah"),
     ("shykh alhdyd", "Sheikh al-Hadid")],
)
def test_consonants_meet_across_unvowelled_romanisation(machine: str, reporter: str) -> None:
    assert consonants(machine) == consonants(reporter)


@pytest.mark.parametrize(("a", "b"), [("Hama", "Homs"), ("Tell Tamer", "Tell Abyad"), ("Idlib", "Aleppo")])
def test_consonants_keep_different_names_apart(a: str, b: str) -> None:
    assert consonants(a) != consonants(b)


def test_looks_unvowelled() -> None:
    for machine in ("tl tmr", "alhskt", "qhtanyt", "ras alʿyn"):
        assert looks_unvowelled(machine), machine
    for reporter in ("Tell Tamer", "Al-Hasakah", "Qahtaniyah", "Ras al-Ain", "Hama", "Sheikh"):
        assert not looks_unvowelled(reporter), reporter


def test_consonant_keys_of_empty_or_non_latin_names() -> None:
    assert consonants("") == ""
    assert not looks_unvowelled("")
    assert not looks_unvowelled("حلفايا")


@pytest.mark.parametrize(("a", "b", "how"), [
    ("Haider al-Abadi", "Haider Jawad al-Abadi", "middle name"),
    ("Bashar al-Assad", "Bashar Hafez al-Assad", "middle name"),
    ("Tayyip Erdogan", "Recep Tayyip Erdogan", "first name left out"),
    ("Tayyip Erdoan", "Recep Tayyip Erdogan", "first name left out, a letter lost"),  # ğ stripped
    ("Recep Erdoan", "Recep Erdogan", "a letter lost"),
    ("Dr Ahmad Hamdan", "Ahmad Hamdan Khalil", None),  # other surname
])
def test_person_variant_says_how_two_names_are_one(a: str, b: str, how: str | None) -> None:
    assert person_variant(a, b) == how
    assert person_variant(b, a) == how


@pytest.mark.parametrize(("a", "b"), [
    ("Hafez al-Assad", "Bashar Hafez al-Assad"),  # the father's name inside the son's
    ("Abdullah Saleh", "Ali Abdullah Saleh"),
    ("Ali Mamlouk", "Mohammed Ali Mamlouk"),
    ("Omar Rahmoun", "Sami Rahmoun"),  # brothers
    ("Mr Johnson", "Boris Johnson"),  # "Mr" is no name part: one part, a surname alone
    ("Abu Omar", "Abu Omar al-Shishani"),
    ("Nasr Hariri", "Nasri Hariri"),  # a final letter makes another name
    ("Ali Hamdan", "Alia Hamdan"),
    ("Bashar al-Assad", "Bashar al-Assad"),  # equal: found by key, no variant
    ("Tayyip Erdogan", "Ali Recep Tayyip Erdogan"),  # two first names left out
])
def test_person_variant_keeps_other_people_apart(a: str, b: str) -> None:
    assert person_variant(a, b) is None
