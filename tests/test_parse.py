"""The facts stage's reading plumbing: sentences masked, parsed one batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from allegiance.extraction import pipeline
from allegiance.extraction.article import Article
from allegiance.extraction.facts import parse
from allegiance.extraction.facts import stage as facts
from allegiance.read.inputs import Failure, Source

if TYPE_CHECKING:
    from spacy.tokens import Doc

TEXTS = [
    "Fighters of the Islamic State attacked Kobani on Monday.\n\n"
    "The group said it had captured two villages near the town.",
    "Hezbollah fighters clashed with rebels near Zabadani.\n\n"
    "Two Hezbollah commanders were killed, the group said.",
    "A short note on the weather in Aleppo.",
]


def _prepared() -> tuple[list[Article], Callable[[list[str]], Iterable[Doc]]]:
    articles = [pipeline.prepare(Source(name=f"t{i}", text=t, published="2020-01-01")) for i, t in enumerate(TEXTS)]
    parsed = parse.masked_parser(None)
    from allegiance.extraction.language import load_pipeline

    nlp = load_pipeline()
    for article, doc in zip(articles, nlp.pipe([a.text for a in articles]), strict=True):
        article.doc = doc
        pipeline.entities(article)
    assert all(facts.needs_reading(a) for a in articles[:2]), "the fixture texts name groups"
    return [a for a in articles if facts.needs_reading(a)], parsed


def _tokens(reading: parse.Reading) -> list[list[tuple[str, str, str, int]]]:
    return [[(t.text, t.lemma_, t.dep_, t.head.i) for t in s.doc or []] for s in reading.sentences]


def test_read_many_parses_every_article_in_one_call_and_as_read_would():
    articles, parsed = _prepared()
    calls: list[int] = []

    def counting(texts: list[str]):
        calls.append(len(texts))
        return parsed(texts)

    many = parse.read_many(articles, counting)
    assert len(calls) == 1 and calls[0] == sum(len(r.sentences) for r in many) > 0
    for article, reading in zip(articles, many, strict=True):
        alone = parse.read(article, parsed)
        assert [s.masked for s in reading.sentences] == [s.masked for s in alone.sentences]
        assert _tokens(reading) == _tokens(alone)
        assert [(r.start, r.entity, r.salient) for r in reading.refs] == [
            (r.start, r.entity, r.salient) for r in alone.refs]


def test_layout_masks_without_parsing_and_attach_adds_the_parses():
    articles, parsed = _prepared()
    laid = parse.layout(articles[0])
    assert laid.sentences and all(s.doc is None for s in laid.sentences)
    assert any(w in laid.sentences[0].masked for w in ("Google", "Paris", "John"))
    parse.attach(laid, list(parsed([s.masked for s in laid.sentences])))
    assert all(s.doc is not None for s in laid.sentences)
    assert laid.refs, "the group named is collected once the sentences are parsed"


def test_batched_facts_equal_one_article_at_a_time():
    items = [Source(name=f"t{i}", text=t, published="2020-01-01") for i, t in enumerate(TEXTS)]
    items.insert(1, Source(name="bad", html="<html><body></body></html>"))
    batched = list(pipeline.run_many(items))
    alone = [pipeline.run(i) if i.text else None for i in items]
    assert isinstance(batched[1], Failure)
    for got, want in zip(batched, alone, strict=True):
        if want is None:
            continue
        assert not isinstance(got, Failure)
        assert got.to_extraction().to_json() == want.to_extraction().to_json()
    assert any(a.facts for a in batched if not isinstance(a, Failure))


def test_they_after_a_people_named_as_an_actor_are_those_people() -> None:
    """"stand with the Iraqi people as they confront ISIL": "they" is the people named in
    between (an actor), not the group named before them; plain people are still nobody."""
    x = pipeline.extract("Report\n\nThe United States stands shoulder to shoulder with the Iraqi people as they "
                         "confront ISIL.\n", published="2016-03-05")
    names = {e.id: e.name for e in x.entities}
    assert any(f.predicate == "clash" and names.get(f.args.get("agent", "")) == "Iraqi people"
               and names.get(f.args.get("patient", "")) == "Islamic State" for f in x.facts)
    x = pipeline.extract("Report\n\nThe Islamic State met the villagers as they fled Homs.\n", published="2016-03-05")
    assert not any(f.predicate == "flight" and f.args.get("agent") for f in x.facts)


def test_syrian_forces_are_never_the_country_syria() -> None:
    x = pipeline.extract("Report\n\nThe war in Syria goes on and the Syrian regime denies losses. Hezbollah "
                         "fighters backed by Syrian and Iranian forces pushed the Nusra Front out of the town of "
                         "Deir al-Adas on Monday.\n",
                         published="2015-02-10", with_text=True)
    assert any(e.name == "Syria" for e in x.entities)
    syria = [e.id for e in x.entities if e.name == "Syria"]
    assert not any(v in syria for f in x.facts for v in f.args.values())


def test_a_named_group_with_a_nationality_is_the_group_not_its_country() -> None:
    """"Lebanese Hezbollah fighters": the group the noun names, not Lebanon."""
    x = pipeline.extract("Report\n\nSyrian forces backed by Lebanese Hizbollah fighters entered a town near the "
                         "border with Lebanon on Sunday.\n", published="2015-07-05")
    names = {e.id: e.name for e in x.entities}
    allies = [{names.get(v) for v in f.args.values()} for f in x.facts if f.predicate == "allied_with"]
    assert any("Hezbollah" in a for a in allies)
    assert not any("Lebanon" in a for a in allies)


def test_the_jihadists_and_the_group_are_never_a_state() -> None:
    """"the jihadists control Idlib" after a sentence naming Russia, Turkey and Iran: none of
    the states is the jihadists (nor "the group")."""
    x = pipeline.extract("Report\n\nThe deal was brokered by Russia Turkey and Iran. The jihadists control "
                         "nearly all of Idlib province.\n", published="2017-09-29")
    names = {e.id: e.name for e in x.entities}
    states = {"Russia", "Turkey", "Iran"}
    assert not any(f.predicate == "located_in" and names.get(f.args.get("subject", "")) in states
                   for f in x.facts)


def test_a_group_noun_a_name_modifies_is_that_group() -> None:
    """"a stronghold of the Daesh terror group": the group the modifier names."""
    article = pipeline.prepare(Source(name="g", text="Report\n\nAhrar al-Sham fighters withdrew on Saturday. Six "
                                      "bombers struck Deir Ezzor a stronghold of the Daesh terror group.\n",
                                      published="2016-11-20"))
    from allegiance.extraction.language import load_pipeline

    article.doc = load_pipeline()(article.text)
    pipeline.entities(article)
    reading = parse.read(article, parse.masked_parser(None))
    found = [(s, t) for s in reading.sentences for t in s.doc or [] if t.lower_ == "group"]
    assert found
    s, tok = found[0]
    got = parse.resolve(reading, s, tok)
    assert got is not None and article.entity(got[0]).name == "Islamic State"  # type: ignore[union-attr]


def _attack_sides(text: str) -> list[tuple[str | None, str | None]]:
    x = pipeline.extract(f"Report\n\n{text}\n", published="2019-06-10")
    names = {e.id: e.name for e in x.entities}
    return [(names.get(f.args.get("agent", "")), names.get(f.args.get("patient", ""))) for f in x.facts
            if f.predicate in ("attack", "killing")]


def test_regime_positions_are_the_states_and_tens_of_positions_are_their_owners() -> None:
    assert ("rebels", "Government of Syria") in _attack_sides(
        "The Syrian government denied the report. Rebels shelled regime positions near the village of Kafr "
        "Nasr on Monday.")
    assert any(p == "Islamic State" for _, p in _attack_sides(
        "The Syrian government denied the report. Warplanes targeted tens of Islamic State positions near the "
        "town of Kafr Nasr on Monday."))


def test_pro_and_anti_government_fighters_are_not_the_state() -> None:
    for word in ("pro", "anti"):
        sides = _attack_sides(f"The Syrian government denied the report. \"At least nine {word}-government "
                              "fighters were killed\" said a monitor on Monday.")
        assert sides and not any(p == "Government of Syria" for _, p in sides)


def test_a_nation_s_regime_is_never_another_nation_s_government() -> None:
    """"the Turkish regime" said by the Russian ministry is not that ministry; "the Syrian
    regime" is still the Syrian government the article names."""
    def facts(text: str) -> list[tuple[str, dict[str, str | None]]]:
        x = pipeline.extract("Report\n\n" + text + "\n", published="2016-03-05")
        names = {e.id: e.name for e in x.entities}
        return [(f.predicate, {k: names.get(v) for k, v in f.args.items()}) for f in x.facts]
    said = facts("The Russian Defense Ministry said on Monday that the Turkish regime still supports Jabhat "
                 "al-Nusra and provides it with weapons.")
    assert not any(args.get("subject") == "Russian Defense Ministry" for p, args in said if p == "allied_with")
    shelled = facts("The Syrian government said on Monday that it will never negotiate. Jabhat al-Nusra said "
                    "the Syrian regime shelled Idlib.")
    assert ("attack", {"agent": "Government of Syria", "patient": "Idlib"}) in shelled


def test_the_regime_is_the_government_its_air_force_is_part_of() -> None:
    """"regime warplanes" links to the state's air force, which its words count among the
    governments; "government raids", "regime positions" are still the one government."""
    before = "The Syrian government denied the report. Regime warplanes struck the town of Kafr Nasr on Sunday. "
    assert ("Government of Syria", "Tal Jabin") in _attack_sides(
        before + "Government raids on the town of Tal Jabin hit a school on Monday.")
    assert ("rebels", "Government of Syria") in _attack_sides(
        before + "Rebels shelled regime positions near the town of Tal Jabin on Monday.")
