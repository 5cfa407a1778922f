"""Data for the facts stage: the words of conflict reporting that state relations and events.

These are English lexicons (verb frames, role nouns, kin nouns, hedges), not names of any
particular group, person or place. `stage.py` and `frames.py` read them; changing a
frame here changes what is extracted, nothing else needs to know.
"""

from __future__ import annotations

from dataclasses import dataclass

from allegiance.model import RELATION_PREDICATES


@dataclass(frozen=True)
class Frame:
    """A verb that states a fact.

    `predicate` is what the verb states; `preps` the prepositions whose object is the
    verb's object (besides a direct object); `particle` a particle the verb needs ("turn
    on", "set up"); `subject_types`/`object_types` the entity types the arguments must have.
    """

    predicate: str
    preps: tuple[str, ...] = ()
    direct: bool = True
    particle: str | None = None
    role: str | None = None
    subject_types: tuple[str, ...] = ("PERSON", "ORG")
    object_types: tuple[str, ...] = ("ORG",)
    confidence: float = 0.8
    alone: bool = False  # the event stands with its subject alone ("fled", "dissolved")
    requires: frozenset[str] = frozenset()  # one of these words must complete the verb ("took X prisoner")


# A country named as a place acts as its state ("the UK stands by Iraq").
STATES = ("ORG", "PLACE")

# lemma → frames, tried in order; the first whose arguments resolve wins
VERB_FRAMES: dict[str, tuple[Frame, ...]] = {
    "found": (Frame("founded", role="founder"),),
    "establish": (Frame("founded", role="founder"),),
    "form": (Frame("founded", role="founder", confidence=0.7),),
    "create": (Frame("founded", role="founder", confidence=0.65),),
    "launch": (Frame("founded", role="founder", confidence=0.6),),
    "set": (Frame("founded", particle="up", role="founder", confidence=0.7),),
    "co-found": (Frame("founded", role="founder"),),
    "cofound": (Frame("founded", role="founder"),),
    "join": (Frame("member_of", role="member"),),
    "rejoin": (Frame("member_of", role="member"),),
    # a person who works with a group is in it; a group or state that works with another
    # cooperates with it ("the UK works with the international community"), no part of it
    "work": (Frame("member_of", preps=("for", "in"), direct=False, confidence=0.7),
             Frame("member_of", preps=("with",), direct=False, subject_types=("PERSON",), confidence=0.7),
             Frame("located_in", preps=("from", "out"), direct=False, object_types=("PLACE",),
                   subject_types=("PERSON", "ORG"), confidence=0.65)),
    "serve": (Frame("member_of", preps=("in", "with", "for"), direct=False, confidence=0.7),),
    "fight": (Frame("member_of", preps=("for", "alongside", "with"), direct=False, role="fighter",
                    subject_types=("PERSON",), confidence=0.7),
              Frame("allied_with", preps=("alongside",), direct=False, subject_types=("ORG",),
                    object_types=("ORG",), confidence=0.65),
              Frame("clash", preps=("against",), object_types=("ORG", "PERSON"), confidence=0.7)),
    "lead": (Frame("leader_of", role="leader", subject_types=("PERSON",)),),
    "head": (Frame("leader_of", role="leader", subject_types=("PERSON",)),),
    "command": (Frame("leader_of", role="commander", subject_types=("PERSON",)),),
    "chair": (Frame("leader_of", role="leader", subject_types=("PERSON",)),),
    "detain": (Frame("detention", object_types=("PERSON", "ORG")),),
    "arrest": (Frame("detention", object_types=("PERSON", "ORG")),),
    "kidnap": (Frame("detention", object_types=("PERSON", "ORG")),),
    "abduct": (Frame("detention", object_types=("PERSON", "ORG")),),
    "capture": (Frame("detention", object_types=("PERSON",)), Frame("attack", object_types=("PLACE",))),
    "seize": (Frame("attack", object_types=("PLACE",)),),
    "overrun": (Frame("attack", object_types=("PLACE", "ORG")),),
    "imprison": (Frame("detention", object_types=("PERSON", "ORG")),),
    "attack": (Frame("attack", object_types=("ORG", "PERSON", "PLACE")),),
    "storm": (Frame("attack", object_types=("ORG", "PLACE")),),
    "shell": (Frame("attack", object_types=("ORG", "PLACE")),),
    "strike": (Frame("attack", object_types=("ORG", "PLACE"), subject_types=STATES, confidence=0.7),),
    "pound": (Frame("attack", object_types=("ORG", "PLACE"), subject_types=STATES, confidence=0.7),),
    "bombard": (Frame("attack", object_types=("ORG", "PLACE"), subject_types=STATES, confidence=0.75),),
    "hit": (Frame("attack", object_types=("ORG", "PLACE"), subject_types=STATES, confidence=0.6),),
    # "fired rockets at the town of X", "fired mortars into Turkey"
    "fire": (Frame("attack", preps=("at", "into", "on", "towards"), direct=False,
                   object_types=("ORG", "PLACE", "PERSON"), subject_types=STATES, confidence=0.7),),
    "coordinate": (Frame("allied_with", preps=("with",), direct=False, object_types=STATES,
                         subject_types=STATES, confidence=0.6),),
    "bomb": (Frame("attack", object_types=("ORG", "PLACE")),),
    "raid": (Frame("attack", object_types=("ORG", "PLACE")),),
    "assault": (Frame("attack", object_types=("ORG", "PERSON", "PLACE")),),
    "target": (Frame("attack", object_types=("ORG", "PERSON"), confidence=0.65),),
    "ambush": (Frame("attack", object_types=("ORG", "PERSON")),),
    "besiege": (Frame("attack", object_types=("ORG", "PLACE"), confidence=0.7),),
    "turn": (Frame("attack", preps=("on", "against"), direct=False,
                   object_types=("ORG", "PERSON"), confidence=0.7),),
    # "X used chemical weapons against Y": a weapon turned on Y (the weapon must be said)
    "use": (Frame("attack", preps=("against",), direct=False, object_types=("ORG", "PERSON", "PLACE"),
                  confidence=0.6, requires=frozenset({"weapon", "weapons", "gas", "chlorine", "sarin", "bombs",
                                                      "missiles", "rockets", "munitions", "napalm"})),),
    "kill": (Frame("killing", object_types=("PERSON", "ORG")),),
    "shoot": (Frame("killing", object_types=("PERSON",), requires=frozenset({"dead"})),
              Frame("attack", object_types=("PERSON", "ORG"), confidence=0.65)),
    # "held by X" of people; "held talks" has no person to hold
    "hold": (Frame("detention", object_types=("PERSON",), confidence=0.6),
             Frame("located_in", object_types=("PLACE",), subject_types=("ORG",), confidence=0.6)),
    # a group that rules or controls a town is there, for as long as it does
    "rule": (Frame("located_in", object_types=("PLACE",), subject_types=("ORG",), confidence=0.65),),
    "control": (Frame("located_in", object_types=("PLACE",), subject_types=("ORG",), confidence=0.65),),
    "govern": (Frame("located_in", object_types=("PLACE",), subject_types=("ORG",), confidence=0.6),),
    "administer": (Frame("located_in", object_types=("PLACE",), subject_types=("ORG",), confidence=0.6),),
    "take": (Frame("detention", object_types=("PERSON", "ORG"), confidence=0.75,
                   requires=frozenset({"prisoner", "prisoners", "captive", "captives", "hostage", "hostages",
                                       "prison", "jail", "custody"})),
             Frame("attack", object_types=("PLACE",), subject_types=("ORG",), confidence=0.6)),
    "slaughter": (Frame("killing", object_types=("PERSON", "ORG")),),
    "execute": (Frame("killing", object_types=("PERSON", "ORG")),),
    "assassinate": (Frame("killing", object_types=("PERSON",)),),
    "murder": (Frame("killing", object_types=("PERSON", "ORG")),),
    "behead": (Frame("killing", object_types=("PERSON",)),),
    "massacre": (Frame("killing", object_types=("PERSON", "ORG")),),
    "defeat": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.55),),
    "combat": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.55),),
    "confront": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.55),),
    "counter": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.5),),
    "degrade": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.5),),
    "destroy": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.5),),
    "eliminate": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.5),),
    "eradicate": (Frame("clash", object_types=("ORG",), subject_types=STATES, confidence=0.5),),
    # "liberated the town from X control": the liberators fought X
    "liberate": (Frame("clash", preps=("from",), direct=False, object_types=("ORG",),
                       subject_types=STATES, confidence=0.6),),
    "retake": (Frame("clash", preps=("from",), direct=False, object_types=("ORG",),
                     subject_types=STATES, confidence=0.6),
               Frame("attack", object_types=("PLACE",), subject_types=STATES, confidence=0.65)),
    "recapture": (Frame("clash", preps=("from",), direct=False, object_types=("ORG",),
                        subject_types=STATES, confidence=0.6),
                  Frame("attack", object_types=("PLACE",), subject_types=STATES, confidence=0.65)),
    "support": (Frame("allied_with", object_types=STATES, subject_types=STATES,
                      confidence=0.5),),
    "back": (Frame("allied_with", object_types=STATES, subject_types=STATES, confidence=0.5),),
    "clash": (Frame("clash", preps=("with", "against"), direct=False,
                    object_types=("ORG", "PERSON")),),
    "battle": (Frame("clash", preps=("with", "against"), object_types=("ORG",), confidence=0.7),),
    "sign": (Frame("agreement", preps=("with",), object_types=("ORG", "PERSON", "PLACE")),),
    "agree": (Frame("agreement", preps=("with",), direct=False, confidence=0.6),),
    "reconcile": (Frame("agreement", preps=("with",), direct=False, confidence=0.7),),
    "reach": (Frame("agreement", preps=("with",), confidence=0.65,
                    requires=frozenset({"agreement", "deal", "ceasefire", "truce", "accord", "settlement"})),),
    "negotiate": (Frame("agreement", preps=("with",), direct=False, confidence=0.55),),
    "flee": (Frame("flight", preps=("to", "into", "towards", "for"), object_types=("PLACE",), alone=True),),
    "escape": (Frame("flight", preps=("to", "into", "towards"), object_types=("PLACE",), alone=True),),
    "cross": (Frame("flight", preps=("to", "into"), direct=False, object_types=("PLACE",), confidence=0.7),),
    "evacuate": (Frame("evacuation", preps=("from", "to"), object_types=("PERSON", "ORG"), confidence=0.75),),
    "bus": (Frame("evacuation", preps=("from", "to"), object_types=("PERSON", "ORG"), confidence=0.7),),
    "deploy": (Frame("located_in", preps=("in", "to", "into", "at", "around", "near"), direct=False,
                     object_types=("PLACE",),
                     subject_types=("ORG", "PERSON"), confidence=0.65),),
    "leave": (Frame("flight", preps=("for",), direct=False, object_types=("PLACE",),
                    confidence=0.7),
              Frame("defection", object_types=("ORG",), subject_types=("PERSON", "ORG"),
                    confidence=0.65)),
    "return": (Frame("defection", preps=("to",), direct=False, object_types=("ORG",),
                     confidence=0.7),),
    "go": (Frame("defection", preps=("to",), direct=False, particle="back",
                 object_types=("ORG",), confidence=0.7),
           Frame("located_in", preps=("to",), direct=False, object_types=("PLACE",),
                 subject_types=("PERSON",), confidence=0.55)),
    "defect": (Frame("defection", preps=("to", "from"), direct=False, object_types=("ORG",), alone=True),),
    "desert": (Frame("defection", object_types=("ORG",), confidence=0.7),),
    "quit": (Frame("defection", object_types=("ORG",), confidence=0.7),),
    "remain": (Frame("located_in", preps=("in", "at", "inside"), direct=False,
                     object_types=("PLACE",), confidence=0.75),),
    "stay": (Frame("located_in", preps=("in", "at", "inside"), direct=False,
                   object_types=("PLACE",), confidence=0.75),),
    "live": (Frame("located_in", preps=("in",), direct=False, object_types=("PLACE",),
                   subject_types=("PERSON",), confidence=0.7),),
    "reside": (Frame("located_in", preps=("in",), direct=False, object_types=("PLACE",)),),
    "settle": (Frame("located_in", preps=("in",), direct=False, object_types=("PLACE",),
                     confidence=0.65),),
    "base": (Frame("located_in", preps=("in",), direct=False, object_types=("PLACE",),
                   subject_types=("ORG", "PERSON")),),
    "travel": (Frame("located_in", preps=("to",), direct=False, object_types=("PLACE",),
                     subject_types=("PERSON",), confidence=0.55),),
    "move": (Frame("located_in", preps=("to",), direct=False, object_types=("PLACE",),
                   subject_types=("PERSON",), confidence=0.55),),
    "represent": (Frame("member_of", role="official", subject_types=("PERSON",), confidence=0.6),),
    "prohibit": (Frame("ban", object_types=("PERSON", "ORG")),),
    "ban": (Frame("ban", object_types=("PERSON", "ORG")),),
    "bar": (Frame("ban", object_types=("PERSON", "ORG"), confidence=0.7),),
    "forbid": (Frame("ban", object_types=("PERSON", "ORG")),),
    "dissolve": (Frame("dissolution", object_types=("ORG",), alone=True),),
    "disband": (Frame("dissolution", object_types=("ORG",), alone=True),),
    "ally": (Frame("allied_with", preps=("with", "to"), direct=False, subject_types=("ORG",)),),
    "affiliate": (Frame("part_of", preps=("with", "to"), direct=False, subject_types=("ORG",),
                        confidence=0.7),),
    "protest": (Frame("protest", preps=("against",), direct=False, alone=True,
                      object_types=("ORG", "PERSON")),),
    "demonstrate": (Frame("protest", preps=("against",), direct=False, alone=True,
                          object_types=("ORG", "PERSON"), confidence=0.7),),
    # "merged into Y"; "X merged with Y" alone says X went into Y ("to form Z": see mergers)
    "merge": (Frame("part_of", preps=("into",), direct=False, subject_types=("ORG",),
                    confidence=0.65),
              Frame("part_of", preps=("with",), direct=False, subject_types=("ORG",), confidence=0.55)),
}

# Past forms the small English model leaves unlemmatised.
LEMMA_FIXES = {"retook": "retake", "overran": "overrun", "outfought": "outfight", "bussed": "bus", "wag": "wage",
               "buss": "bus", "regrouped": "regroup"}

RELATION_KEYS = frozenset(RELATION_PREDICATES)

# Verbs whose "it" is a group ("it merged with …", "it renamed itself …").
GROUP_VERBS = frozenset({"merge", "join", "form", "announce", "rename", "split", "leave", "absorb", "declare",
                         "claim", "deny", "dissolve", "disband", "ally", "unite", "break", "cut",
                         # "It was founded by X in 1989, and was subsequently headed by Y"
                         "found", "establish", "head", "lead"})
# Subjects that say someone did it without saying who: "gunmen shot dead X".
UNNAMED_DOERS = frozenset({"gunman", "attacker", "assailant", "sniper", "militant", "man", "kidnapper"})
# Events a passive states of the one it happened to, when the text names no one who did
# it: "X was killed in an airstrike", "its fighters were bussed out".
PATIENT_ONLY_EVENTS = frozenset({"killing", "evacuation"})

# Events whose single participant is the subject when the verb takes no object.
INTRANSITIVE_PATIENT = frozenset({"dissolution"})
# An ORG subject of "join" is a part_of, not a member_of.
ORG_MEMBERSHIP = {"member_of": "part_of"}

# Verbs of coming together ("merged with X to form Y"; "Y was formed when X merged with …").
MERGE_VERBS = frozenset({"merge", "unite", "combine", "unify", "amalgamate"})
FORM_VERBS = frozenset({"form", "create", "establish", "found", "launch"})

# Verbs that give someone a role named by a noun: "appointed (as) commander of X".
APPOINT_VERBS = frozenset({"appoint", "name", "elect", "promote", "install", "designate",
                           "nominate", "choose", "select", "make", "reappoint"})

# Nouns through which a verb reaches the group: "the ranks of X", "fighters of X",
# "X fighters", "their members" (→ the group, for events and memberships).
# Weapons and aircraft through which a force acts: "Russian warplanes", "a US drone strike".
WEAPON_NOUNS = frozenset({"warplane", "jet", "aircraft", "plane", "helicopter", "drone", "artillery",
                          "tank", "missile", "rocket", "gunboat", "bomber", "strike", "airstrike", "raid",
                          "shelling", "bombardment", "barrage"})
GROUP_PART_NOUNS = frozenset({
    "rank", "fighter", "member", "faction", "headquarters", "headquarter", "leadership",
    "force", "unit", "man", "militant", "position", "base", "office", "wing", "branch",
    "convoy", "checkpoint", "troop", "soldier", "officer", "commander", "leader", "camp",
    "brigade", "battalion", "cell", "supporter", "stronghold", "control", "scourge", "sniper", "patrol",
    # "struck Daesh targets in Iraq": the group's, not the country they lie in
    "target",
    # "al-Nusra terrorists", "IS jihadists": the group's people, as "X militants" is
    "terrorist", "jihadist", "extremist", "insurgent",
})
# Nouns that stand for a group ("the group", "this army", "the rebel faction").
GROUP_NOUNS = frozenset({
    "group", "faction", "militia", "coalition", "army", "organisation", "organization",
    "brigade", "battalion", "movement", "alliance", "front", "party", "force", "formation",
    "outfit", "unit", "umbrella", "council", "body", "network", "regiment", "committee", "bloc",
})
# "the jihadists", "the militants": the armed group named last (never a state).
ARMED_PEOPLE = frozenset({"jihadist", "militant", "extremist", "insurgent", "terrorist", "jihadi"})
# "both sides", "the two rival groups": the two groups named nearby.
SIDE_NOUNS = frozenset({"side", "group", "faction", "party", "rival", "militia", "force"})
# People a killing or detention can be done to without any of them being named.
HUMAN_NOUNS = frozenset({
    "member", "civilian", "fighter", "people", "person", "man", "woman", "child", "soldier",
    "activist", "resident", "protester", "protestor", "officer", "journalist", "worker",
    "prisoner", "villager", "doctor", "teacher", "student", "refugee", "defector", "militant",
    "cleric", "preacher", "imam", "bodyguard", "guard", "lawyer", "nurse", "volunteer", "detainee",
    "youth", "farmer", "relative", "passenger", "driver", "shepherd", "family", "troop", "policeman",
    "police", "inhabitant", "displaced",
})
# "X denied the arrest": the verbs of denial, and the nouns that name an event.
DENIAL_VERBS = frozenset({"deny", "dismiss", "reject"})
EVENT_NOUNS = {
    "arrest": "detention", "detention": "detention", "abduction": "detention", "kidnapping": "detention",
    "attack": "attack", "assault": "attack", "bombing": "attack", "shelling": "attack", "raid": "attack",
    "strike": "attack", "airstrike": "attack", "killing": "killing", "assassination": "killing",
    "execution": "killing", "massacre": "killing",
}
# "X is a coalition of Y factions": X stands under Y's banner (part_of Y).
COALITION_NOUNS = frozenset({"coalition", "alliance", "umbrella", "grouping", "union", "federation",
                             "merger", "bloc", "partnership", "consortium"})
MEMBER_GROUP_NOUNS = frozenset({"faction", "group", "brigade", "battalion", "unit", "militia",
                                "formation", "division", "regiment"})
# A specific group noun ("the council", "this army") only stands for a group whose name says
# so, in English or in the transliterated Arabic word for it, or that the text called so.
# Generic nouns ("the group", "the faction") may stand for any group.
GROUP_NOUN_NAMES: dict[str, frozenset[str]] = {
    "army": frozenset({"army", "jaish", "jaysh", "jeish", "jish"}),
    "front": frozenset({"front", "jabhat", "jebhat", "jabhet"}),
    "brigade": frozenset({"brigade", "brigades", "liwa", "liwaa", "alwiya", "alwiyat"}),
    "battalion": frozenset({"battalion", "battalions", "katibat", "kataib", "katiba"}),
    "movement": frozenset({"movement", "harakat", "haraka", "haraket"}),
    "council": frozenset({"council", "majlis", "shura"}),
    "party": frozenset({"party", "hizb"}),
    "division": frozenset({"division", "firqat", "firqa"}),
    "regiment": frozenset({"regiment", "fawj"}),
    "alliance": frozenset({"alliance", "coalition", "tahaluf", "front"}),
    "coalition": frozenset({"coalition", "alliance", "tahaluf", "front"}),
    "militia": frozenset({"militia", "militias", "forces", "brigade", "brigades", "liwa"}),
    "network": frozenset({"network"}),
    "committee": frozenset({"committee", "lajna", "lajnat"}),
    "formation": frozenset(),
    "outfit": frozenset(),
    "umbrella": frozenset(),
}
# Too general to learn from "X is a group …" which group a later "the group" means.
GENERIC_GROUP_NOUNS = frozenset({"group", "organisation", "organization", "body", "force", "unit"})
# Events placed by any place their sentence names, when no preposition places them.
PLACED_EVENTS = frozenset({"attack", "clash", "killing", "detention", "agreement", "evacuation",
                           "protest"})
GOVERNMENT_NOUNS = frozenset({"government", "regime", "state", "administration", "authorities"})
# Words that make an organisation a state's government ("state" alone is too broad: "Islamic
# State").
GOVERNMENT_WORDS = frozenset({"government", "regime", "ministry", "authorities"})
# Nouns that mean a person, for role-bearing descriptions.
ROLE_NOUNS: dict[str, str] = {
    "leader": "leader", "head": "leader", "chief": "leader", "chairman": "leader",
    "president": "leader", "emir": "leader", "amir": "leader", "commander": "commander",
    "founder": "founder", "co-founder": "founder", "cofounder": "founder",
    "negotiator": "negotiator", "member": "member", "fighter": "fighter",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "official": "official", "officer": "official", "representative": "official",
    "envoy": "official", "minister": "official", "reporter": "reporter",
    "journalist": "reporter", "correspondent": "reporter", "activist": "member",
    "organiser": "organiser", "organizer": "organiser", "militant": "fighter",
    "soldier": "fighter", "general": "commander", "colonel": "commander", "deputy": "official",
    "delegate": "official", "adviser": "official", "advisor": "official", "secretary": "official",
    "brigadier": "commander", "major": "commander", "captain": "commander",
    "lieutenant": "member", "sergeant": "member", "corporal": "member", "private": "member",
    "director": "leader", "chief executive": "leader", "secretary-general": "leader", "researcher": "researcher",
    "coordinator": "official", "volunteer": "member", "conscript": "fighter", "recruit": "fighter",
}
# Roles that make the whole group the person's to lead.
LEADER_ROLES = frozenset({"leader"})
FOUNDER_ROLES = frozenset({"founder"})
# Fields of work that name a role: "work in media".
WORK_FIELDS: dict[str, str] = {
    "media": "media", "communications": "media", "press": "media", "propaganda": "media",
    "logistics": "member", "training": "member", "intelligence": "member",
}
KIN_NOUNS = frozenset({
    "brother", "sister", "father", "mother", "son", "daughter", "cousin", "uncle", "aunt",
    "nephew", "niece", "husband", "wife", "brother-in-law", "sister-in-law", "son-in-law",
    "father-in-law", "grandfather", "grandson", "half-brother", "stepbrother",
})
# Nouns through which a verb reaches a place: "the city of X".
PLACE_NOUNS = frozenset({"city", "town", "village", "district", "province", "governorate",
                         "region", "area", "neighbourhood", "neighborhood", "suburb"})
HOMETOWN_CUES = frozenset({"hometown", "birthplace"})
# People nouns beyond roles that say where someone is from ("a teacher from TOWN").
HOMETOWN_PEOPLE = frozenset({"teacher", "man", "woman", "resident", "native", "student", "father", "mother",
                             "farmer", "worker", "engineer", "activist", "boy", "girl", "youth"})
# Nouns that say a group is part of another: "a part of X", "the main component of X".
PART_NOUNS = frozenset({
    "part", "component", "faction", "wing", "branch", "member", "affiliate", "subgroup",
    "offshoot", "division", "unit", "brigade", "battalion",
})
# Nouns that stand for an agreement ("signed the agreement").
AGREEMENT_NOUNS = frozenset({
    "agreement", "deal", "accord", "truce", "ceasefire", "cease-fire", "treaty",
    "reconciliation", "settlement", "memorandum", "armistice", "pact",
})
# Nouns that are a deal only between sides: "an understanding between X and Y" (not "an
# understanding of the war").
SIDED_DEAL_NOUNS = frozenset({"understanding", "arrangement", "compromise"})
# Participles that make the noun they describe a deal and name, after "by", who made it
# ("a truce brokered by X and Y": mediators; "a deal struck by X and Y": its parties).
BROKER_VERBS = frozenset({"broker", "mediate", "sponsor", "guarantee", "facilitate"})
DEAL_MAKING_VERBS = frozenset({"sign", "strike", "reach", "conclude", "seal", "agree", "negotiate"})
# Nouns above an agreement noun that say it is not (yet) made: "talks on a truce".
PENDING_DEAL_NOUNS = frozenset({"talk", "negotiation", "proposal", "offer", "push", "hope", "prospect"})
# Nouns for an order that does what its issuer does ("issued a decree which prohibited").
ORDER_NOUNS = frozenset({"decree", "order", "ruling", "fatwa", "law", "decision", "directive"})
# Offered things that mean membership when accepted (and its refusal when declined).
OFFER_POSITION = frozenset({"position", "post", "job", "role", "seat", "command", "place"})
OFFER_SERVICE = frozenset({"service", "help", "support", "assistance", "allegiance"})
REFUSAL_VERBS = frozenset({"decline", "refuse", "reject", "turn"})
# Nominal events: noun lemma → (predicate, preps for the agent, preps for the patient,
# whether a possessive is the patient).
NOUN_EVENTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], bool]] = {
    "detention": ("detention", ("by",), ("of",), True),
    "arrest": ("detention", ("by",), ("of",), True),
    "abduction": ("detention", ("by",), ("of",), True),
    "kidnapping": ("detention", ("by",), ("of",), True),
    "capture": ("detention", ("by",), ("of",), True),
    "killing": ("killing", ("by",), ("of",), True),
    "execution": ("killing", ("by",), ("of",), True),
    "assassination": ("killing", ("by",), ("of",), True),
    "attack": ("attack", ("by",), ("on", "against"), False),
    "strike": ("attack", ("by",), ("on", "against"), False),
    "airstrike": ("attack", ("by",), ("on", "against"), False),
    "bombing": ("attack", ("by",), ("of", "on", "against"), False),
    "bombardment": ("attack", ("by",), ("of", "on", "against"), False),
    "raid": ("attack", ("by",), ("on", "against"), False),
    "shelling": ("attack", ("by",), ("of", "on"), False),
    "fight": ("clash", (), ("against",), False),
    "war": ("clash", (), ("against", "on"), False),
    "campaign": ("clash", (), ("against",), False),
    "operation": ("clash", (), ("against",), False),  # "coalition operations against X"
    "assault": ("attack", ("by",), ("on", "against"), False),
    "offensive": ("attack", ("by",), ("on", "against"), False),
}
# Actions against a common enemy: actors named together as the subject of one of these
# (or "committed/determined to" one of these) are on one side ("X, Y and Z are committed
# to defeating W").
JOINT_ACTION_VERBS = frozenset({
    "defeat", "fight", "combat", "counter", "confront", "degrade", "destroy", "attack",
    "strike", "battle", "liberate", "retake", "eliminate", "eradicate", "oppose", "resist",
})
# "each other", "one another": the named actors act against themselves.
RECIPROCAL = ("each other", "one another", "between them")
# Nouns of help given by one actor to another ("its support of X", "support from X").
SUPPORT_NOUNS = frozenset({"support", "backing", "assistance", "aid", "help", "solidarity"})
ALLY_NOUNS = frozenset({"ally", "partner"})
# Verbs of help whose object is the one helped ("supported X in its efforts to defeat Y").
SUPPORT_VERBS = frozenset({"support", "back", "assist", "help", "aid", "train", "equip", "arm"})
# Verbs of acting together: "X stands by Y to defeat Z", "X works with Y to defeat Z",
# "X works as part of Y to defeat Z" (Y fights Z too).
PARTNER_VERBS = frozenset({"stand", "work", "cooperate", "partner", "fight", "operate"})
PARTNER_PREPS = frozenset({"by", "with", "alongside"})
# "X – including Y and Z –": members named of a collective actor.
INCLUDING_WORDS = frozenset({"including", "notably", "among", "like"})
# Struggles a supported actor is in: "support for X in the fight against Y" (X fights Y).
STRUGGLE_NOUNS = frozenset({"fight", "struggle", "battle", "war", "campaign", "effort",
                            "efforts", "operations"})
# Verbs whose object does what their "to" clause says ("lead the coalition to defeat X",
# "help Iraqi forces to retake Y").
OBJECT_CONTROL = frozenset({
    "lead", "help", "support", "enable", "urge", "ask", "encourage", "allow", "train", "equip",
    "assist", "press", "call", "empower", "mobilise", "mobilize", "direct", "order",
    "request", "instruct", "authorize", "authorise",
})
# Verbs of reacting to what others do: a "to" clause the parse hangs on one is a noun's
# ("X comments on the start of the Iraqi mission to recapture Y", "X welcomes the decision to
# storm Y"), never X's own purpose.
REACTION_VERBS = frozenset({
    "comment", "welcome", "condemn", "deplore", "denounce", "criticise", "criticize", "praise",
    "hail", "applaud", "commend", "congratulate", "salute", "regret", "respond", "react",
})
# Actions of an actor that another supports ("strikes in support of X", "in support of the
# coalition campaign", "in support of a major offensive by regime forces").
SUPPORTED_ACTIONS = frozenset({
    "campaign", "offensive", "operation", "operations", "intervention", "strike", "airstrike",
    "raid", "bombing", "bombardment", "assault", "push", "advance", "effort", "war", "fight",
})
# Verbs that start an action their object names ("began a military intervention").
BEGIN_VERBS = frozenset({"begin", "start", "launch", "open"})
# Verbs whose subject carries out the nominal event in their object ("launched strikes on X").
CARRY_OUT_VERBS = frozenset({"launch", "conduct", "carry", "mount", "stage", "intensify",
                             "escalate", "continue", "wage", "lead", "step"})
# Verbs whose subject fights the struggle their object names ("X fought a war against Y").
FOUGHT_VERBS = frozenset({"fight"})
# Adverbs that say an agentless passive event had the agent of the one before ("was also
# detained").
ALSO = frozenset({"also", "too", "likewise", "similarly"})
# Events that need both an agent and a patient to be worth stating.
TWO_PARTY = frozenset({"attack", "clash", "killing", "detention", "ban"})
CLASH_NOUNS = frozenset({"clash", "fighting", "battle", "confrontation", "skirmish"})
# Nouns of a war that name its sides only after "between": "the war between X and Y", "the
# conflict between X and Y" ("X's war against Y" is a struggle noun's, "the war in P" has no sides).
WAR_BETWEEN_NOUNS = frozenset({"war", "conflict", "hostilities", "feud"})
CLASH_PREPS = frozenset({"between", "involving", "with", "among", "pitting"})
# Verbs whose subject took part in the clash a noun under them tells ("engaged in fighting
# with X", "lost 30 men in the battle against X", "were killed in clashes with X").
FIGHTING_VERBS = frozenset({
    "engage", "lose", "launch", "wage", "fight", "continue", "intensify", "join", "enter", "mount",
    "suffer", "capture", "seize", "take", "retake", "recapture", "advance", "repel", "kill", "die",
    "wound", "injure", "fall", "push", "clash",
})
PROTEST_WORDS = ("protest", "demonstrat", "uprising", "revolution", "sit-in", "rally")
PROTEST_JOIN_OBJECTS = frozenset({
    "them", "protest", "protester", "protestor", "demonstration", "demonstrator", "uprising",
    "rally", "march",
})

# Modality and polarity cues.
HEDGE_VERBS = frozenset({"appear", "seem", "hear"})  # "I heard that X arrested …"
# Who "says" it is vague: "they say X", "people say X" is hearsay, not a report.
VAGUE_SAYERS = frozenset({"they", "people", "some", "many", "others", "everyone", "residents"})
# "X accused Y of shelling Z": Y does the shelling, in X's report.
ACCUSE_VERBS = frozenset({"accuse", "charge", "blame"})
HEDGE_PASSIVES = frozenset({"believe", "think", "say", "report", "allege", "suspect", "rumor",
                            "rumour"})
HEDGE_ADVERBS = frozenset({
    "reportedly", "allegedly", "apparently", "purportedly", "possibly", "probably",
    "likely", "seemingly", "supposedly", "presumably",
})
HEDGE_AUX = frozenset({"may", "might", "could"})
REPORT_VERBS = frozenset({"report", "claim", "say", "state", "announce", "tell", "allege"})
DENY_VERBS = frozenset({"deny"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
# Subjects that name no one: the clause says its act was done by nobody.
NO_ONE = frozenset({"neither", "nobody", "none", "noone", "nothing"})

# Prepositions that place an event.
PLACE_PREPS = frozenset({
    "in", "near", "at", "around", "outside", "inside", "across", "throughout", "into", "on",
})
# Organisation names that mark a non-armed employer (works_for, not member_of).
MEDIA_WORDS = frozenset({
    "direct", "news", "times", "post", "press", "agency", "tv", "television", "radio",
    "channel", "media", "network", "journal", "gazette", "observatory", "reuters", "herald",
    "tribune", "guardian", "telegraph", "magazine", "courier", "monitor", "daily", "chronicle",
    "dispatch", "bulletin", "wire", "weekly", "broadcasting", "ledger", "review", "observer",
    "inquirer", "examiner", "sentinel", "mirror",
})
# Placeholder words that stand for a whole mention while a sentence is re-parsed.
PLACEHOLDER = {"PERSON": "John", "ORG": "Google", "PLACE": "Paris"}
PLACEHOLDER_WORDS = frozenset(PLACEHOLDER.values())

# Confidence by how the arguments were found.
CONF_DESCRIPTOR = 0.85  # factor when an argument is a description ("the group")

# Role words for memberships given by "as a N" ("joined the group as a military commander").
AS_ROLE_PREPS = frozenset({"as"})

# Labels that open a segment and are no part of what is stated.
SEGMENT_LABEL = (r"^\s*(?:(?:\[\s*)?(?:Ed(?:itor)?(?:['’]s\s+note)?\.?\s*:)\s*|[QA]\s*[:.]\s*"
                 # a dateline opening a report ("AZAZ: …", "BEIRUT — …") is where, not what, is said
                 r"|[A-Z][A-Z'’\-]{2,}(?:\s[A-Z][A-Z'’\-]+){0,2}\s*(?::|\s[—–]))\s*")
