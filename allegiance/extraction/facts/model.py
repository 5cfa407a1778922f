"""The trained part of the facts stage: which of the event layer's events to state.

The event layer (`events.py`) proposes an event for every trigger no rule claimed. Many are
facts an analyst would code ("Thirty civilians were killed on Saturday in air strikes");
some are not ("condemns attacks in Syria", a toll told again). Rules decide where they are
precise (threats, plans, war tolls, told-again nouns are dropped in `events.py`; an event
between two named parties stands); for those naming fewer parties a small logistic model
reads the candidate's features (trigger lemma and form, the
verb above it, how many parties are named, counts, a date of its own, how finely it is
placed, whose voice, the segment) and gives the probability that it states a fact. The
probability is the fact's confidence; below the model's threshold the event is left out.

The weights are trained by `bench/realtext/train_events.py` from the annotations in the
repository (the tune split of FA-KES, the non-test re3d documents, the project's own
articles), written to `event_model.json` with the training set's description, and read
here offline. Without the file the rule of thumb `specific()` decides.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts import triggers as T

if TYPE_CHECKING:
    from allegiance.extraction.facts.frames import Cand
    from allegiance.extraction.facts.parse import Reading
    from allegiance.model import Fact, Time

WEIGHTS = Path(__file__).with_name("event_model.json")
VERSION = 1

#: Set by the training script: called with (candidate features, fact, article) for every
#: event-layer candidate, which is then kept whatever the model says, so it can be labelled.
COLLECT: Callable[[list[str], Fact, Any], None] | None = None


@dataclass(frozen=True)
class EventModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model() -> EventModel | None:
    """The trained weights, or None when the file is absent (the rule of thumb decides)."""
    if not WEIGHTS.exists():
        return None
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if data.get("version") != VERSION:
        return None
    return EventModel(weights=data["weights"], bias=data["bias"], threshold=data["threshold"])


def specific(fact: Fact, local_precision: int | None, has_local: bool, time: Time | None) -> bool:
    """The rule of thumb: an event naming at most one party says enough to be coded when
    it counts dead or wounded, has a date of its own, or names the town."""
    named = [k for k in ("agent", "patient", "destination") if k in fact.args]
    if len(named) >= 2 or fact.fatalities is not None or fact.injured is not None:
        return True
    if time is not None and (time.start or time.end):
        return True
    return has_local and local_precision != 3


def doubtful(fact: Fact) -> bool:
    """Whether the model weighs an event: one that names fewer than two parties. An event
    between two named parties is the rules' ("X and Y fought in TOWN"), stated as found."""
    return len([k for k in ("agent", "patient", "destination") if k in fact.args]) < 2


def incident(fact: Fact, has_local: bool, time: Time | None) -> bool:
    """What ACLED codes whoever did it: dead or wounded counted, on a day of its own, at a
    place ("A bomb blast in TOWN on Wednesday killed 48 people"). The model's labels hold
    who did it too, so an incident the rules could not pin on anyone stays an event."""
    counted = fact.fatalities is not None or fact.injured is not None
    return counted and has_local and time is not None and bool(time.start or time.end)


def features(rd: Reading, c: Cand, fact: Fact, local_precision: int | None, has_local: bool,
             time: Time | None) -> list[str]:
    """What the model reads of one candidate: words of the language and shapes of the
    clause, never a name."""
    trig = c.trigger
    lemma = R.LEMMA_FIXES.get(trig.lemma_.lower(), trig.lemma_.lower())
    named = [k for k in ("agent", "patient", "destination") if k in fact.args and not k.endswith("_text")]
    verb = next((a for a in trig.ancestors if a.pos_ in ("VERB", "AUX")), None)
    s = c.sent
    words = {t.lower_ for t in s.doc} if s.doc is not None else set()
    out = [
        f"pred={fact.predicate}", f"lemma={lemma}", f"pos={trig.pos_}", f"dep={trig.dep_}",
        f"named={len(named)}", f"pred+named={fact.predicate}+{len(named)}",
        f"gov={verb.lemma_.lower() if verb is not None else '-'}",
        f"seg={s.seg_kind}", f"voice={fact.asserted_by}", f"modality={fact.modality}",
        f"place={'none' if not has_local else local_precision or 'small'}",
        f"dated={bool(time is not None and (time.start or time.end))}",
        f"count={fact.fatalities is not None or fact.injured is not None}",
    ]
    out += [f"arg={k}" for k in fact.args]
    if fact.fatalities is not None:
        out.append("dead>=10" if fact.fatalities >= 10 else "dead<10")
    if words & {"we", "our", "us"}:
        out.append("sent:we")
    if words & {"condemn", "condemns", "condemned", "welcome", "welcomes", "concerned", "deplore"}:
        out.append("sent:stance")
    if any(t.like_num for t in s.doc or []):
        out.append("sent:number")
    if trig.pos_ == "NOUN" and any(k.dep_ == "det" and k.lower_ in ("a", "an") for k in trig.children):
        out.append("indefinite")
    if trig.tag_ in ("NNS",):
        out.append("plural")
    if lemma in T.NOUN_EVENTS and trig.pos_ != "VERB":
        out.append("nominal")
    index = next((i for i, x in enumerate(rd.sentences) if x is s), 0)
    out.append(f"early={index < 4}")
    out.append(f"genre:we={rd.first_person_share > 0.15}")
    return out
