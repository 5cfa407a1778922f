"""The facts stage: relations and events with time, place, polarity, modality, speaker.

    stage.py      extract_facts: the order of the fact finders, time, dedup, evidence
    parse.py      the masked re-parse of each sentence (names as placeholders)
    frames.py     verb frames, noun events, polarity and modality
    lexicon.py    the verbs, nouns and cues, as data
    describe.py   appositions and descriptions ("X, a Y faction", "as a spokesman for X")
    sides.py      alliances, enemies and the sides of a fight
    events.py     the event layer: every event trigger no rule claimed, with unnamed
                  doers and victims, counts of dead and wounded
    triggers.py   the event layer's words, as data
    model.py      the trained model that decides which of the event layer's events to
                  state (weights in event_model.json, trained by bench/realtext/train_events.py)
"""

from allegiance.extraction.facts.stage import extract_facts

__all__ = ["extract_facts"]
