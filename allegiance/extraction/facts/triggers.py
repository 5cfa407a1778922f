"""Data for the event layer: the words of conflict reporting that state an event, after the
ACLED/PLOVER event classes (violence, remote violence, detention, displacement, protest,
agreement, territorial change). English lexicons only; `events.py` reads them.
"""

from __future__ import annotations

# verb lemma → predicate. "injury" is no predicate of its own: its count joins the event
# it belongs to, or the verb stands as an attack ("a bomb wounded 20").
VERB_EVENTS: dict[str, str] = {
    "kill": "killing", "execute": "killing", "behead": "killing", "massacre": "killing",
    "slaughter": "killing", "assassinate": "killing", "murder": "killing", "die": "killing",
    "shoot": "attack", "strike": "attack", "bomb": "attack", "shell": "attack", "pound": "attack",
    "bombard": "attack", "hit": "attack", "target": "attack", "attack": "attack", "raid": "attack",
    "storm": "attack", "ambush": "attack", "besiege": "attack", "blast": "attack", "fire": "attack",
    "explode": "attack", "detonate": "attack", "blow": "attack", "capture": "attack",
    "seize": "attack", "overrun": "attack", "recapture": "attack", "retake": "attack",
    "take": "attack", "airstrike": "attack", "wound": "injury", "injure": "injury",
    "detain": "detention", "arrest": "detention", "kidnap": "detention", "abduct": "detention",
    "imprison": "detention", "clash": "clash", "fight": "clash", "battle": "clash",
    "evacuate": "evacuation", "bus": "evacuation", "flee": "flight", "escape": "flight",
    "protest": "protest", "demonstrate": "protest", "rally": "protest",
    # territorial change, as ACLED codes it (battles: a side regains or takes ground)
    "advance": "attack", "push": "attack", "expel": "attack", "encircle": "attack",
    "repel": "attack", "drive": "attack", "break": "attack", "enter": "attack", "breach": "attack",
}
# Verbs that are events only with one of these words in their clause ("took control of",
# "blew up", "shot dead", "fired rockets at").
VERB_NEEDS: dict[str, frozenset[str]] = {
    "take": frozenset({"control"}),
    "blow": frozenset({"up"}),
    # "advanced against IS", "pushed the jihadists back from", "drove them out of", "broke into"
    "advance": frozenset({"against", "towards", "toward", "into"}),
    "push": frozenset({"back", "towards", "toward", "into", "out", "from"}),
    "drive": frozenset({"out", "back"}),
    "break": frozenset({"into", "through"}),
    # "entered a rebel-held mountain resort", "breached the army's lines" (not "entered talks",
    # "breached the ceasefire")
    "enter": frozenset({"held", "controlled"}),
    "breach": frozenset({"line", "lines", "defence", "defences", "defense", "defenses", "perimeter"}),
    "fire": frozenset({"at", "on", "into", "towards", "toward", "rocket", "rockets", "shell", "shells",
                       "mortar", "mortars", "missile", "missiles"}),
}
# Who enters a place held by a side without attacking it: aid, monitors, the displaced.
UNARMED_ENTRANTS = frozenset({
    "convoy", "aid", "truck", "lorry", "vehicle", "bus", "ambulance", "delegation", "team", "inspector",
    "monitor", "observer", "envoy", "official", "worker", "civilian", "people", "resident", "refugee",
    "family", "journalist", "reporter", "medic", "doctor", "food", "supply", "shipment", "mission",
})
# Verbs whose subject is what happened to it, not who did it: "48 people died".
PATIENT_SUBJECT_VERBS = frozenset({"die"})

# noun lemma → predicate
NOUN_EVENTS: dict[str, str] = {
    "strike": "attack", "airstrike": "attack", "air-strike": "attack", "raid": "attack",
    "shelling": "attack", "bombardment": "attack", "bombing": "attack", "blast": "attack",
    "explosion": "attack", "attack": "attack", "assault": "attack", "offensive": "attack",
    "ambush": "attack", "barrage": "attack", "bomb": "attack", "airraid": "attack",
    "massacre": "killing", "killing": "killing", "execution": "killing", "assassination": "killing",
    "death": "killing", "toll": "killing",
    "clash": "clash", "fighting": "clash", "battle": "clash", "confrontation": "clash",
    "skirmish": "clash", "firefight": "clash", "gunfight": "clash", "combat": "clash",
    "arrest": "detention", "detention": "detention", "kidnapping": "detention", "abduction": "detention",
    "protest": "protest", "demonstration": "protest", "rally": "protest", "sit-in": "protest",
    "evacuation": "evacuation",
}
# Nouns that are events only with a count ("30 deaths", "the death toll rose to 48").
COUNTED_NOUNS = frozenset({"death", "toll"})

# Words above a trigger that say it did not (yet) happen: threats, plans, fears, demands.
NONFACTUAL_VERBS = frozenset({
    "threaten", "warn", "fear", "plan", "prepare", "intend", "vow", "pledge", "seek", "aim",
    "want", "urge", "demand", "prevent", "avoid", "stop", "halt", "risk", "consider", "propose",
    "hope", "expect", "try", "attempt", "need", "wish", "refuse", "foil", "thwart", "deter",
    "prohibit", "ban", "forbid", "oppose", "deny",
})
NONFACTUAL_NOUNS = frozenset({"threat", "fear", "plan", "risk", "possibility", "prospect", "danger",
                              "warning", "call", "demand", "bid", "attempt", "effort"})
FUTURE_AUX = frozenset({"will", "would", "should", "must", "shall", "'ll", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# A toll counted over a whole war is background, not an event: "killed since the conflict
# began", "more than 300000 people have died in the war".
WAR_NOUNS = frozenset({"war", "conflict", "uprising", "revolution", "crisis"})
BACKGROUND_TOLL = 5000
# Verbs of a war's start: an event told as how the war began is background too ("the war
# that began in 2011 with anti-government protests").
WAR_START_VERBS = frozenset({"begin", "start", "erupt", "break", "spark", "trigger", "ignite"})

# People an event can be done to (or by) without any of them being named. Extends the
# rules' HUMAN_NOUNS with the doers wire reports leave unnamed.
UNNAMED_AGENTS = frozenset({
    "gunman", "attacker", "assailant", "sniper", "militant", "kidnapper", "bomber", "jihadist",
    "rebel", "insurgent", "fighter", "force", "troop", "soldier", "militia", "militiaman", "group",
    "warplane", "jet", "aircraft", "plane", "helicopter", "drone", "artillery", "tank", "man",
    "extremist", "terrorist", "opposition", "regime", "army", "police", "policeman", "coalition",
})

# Numbers written as words, for counts of dead and wounded.
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}
KILL_WORDS = frozenset({"kill", "die", "dead", "death", "toll", "execute", "behead", "massacre", "killing",
                        "execution", "assassination",
                        "slaughter", "assassinate", "murder", "life", "lives", "fatality", "casualty",
                        "martyr", "body", "corpse"})
INJURY_WORDS = frozenset({"wound", "injure", "injury", "hurt", "wounded", "injured"})
