"""Data for the mention stage: what group names, organisation names and non-names look like.

These are language patterns of conflict reporting in English (Arabic group-type words,
English organisation nouns), not names of any particular group.
"""

from __future__ import annotations

import re

# Arabic words that open the name of an armed group: "Liwa X", "Jaish X", "Hay'at X".
GROUP_HEADS = (
    "Jabhat", "Jebhat", "Jabhet", "Liwa", "Liwaa", "Liwa'", "Jaish", "Jaysh", "Jeish", "Harakat",
    "Harakat", "Haraket", "Kataib", "Kata'ib", "Katibat", "Katiba", "Faylaq", "Failaq", "Firqat",
    "Firqa", "Ahrar", "Hay'at", "Hay’at", "Hayʼat", "Hayat", "Hayaat", "Suqour", "Suqur", "Saqour",
    "Usud", "Osoud", "Tajammu", "Tajamu", "Ansar", "Jund", "Junud", "Saraya", "Alwiya", "Alwiyat",
    "Quwat", "Tahaluf", "Fawj", "Jamaat", "Jama'at", "Jamaʿat", "Majlis", "Hizb", "Tanzim",
    "Fursan",
)
# Tokens that may continue a transliterated name after its head.
_ARTICLE = r"(?:al|a|el|ad|ash|as|at|az|ar|an|adh|ath|ul|il)[-‑]"
NAME_WORD = rf"(?:{_ARTICLE})?[A-Z][\w'’ʼʿ]*(?:[-‑][A-Z][\w'’ʼʿ]*)*"
_CONNECT = r"(?:Abu|Abi|Ibn|Bin|bin|ibn|Bint|wa|w'al|al|el|a|li|lil|fi|min|Umm)"
GROUP_NAME = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(h) for h in sorted(set(GROUP_HEADS), key=len, reverse=True))
    + rf")(?:\s+(?:{_CONNECT}\s+)*{NAME_WORD})+"
)

# English organisation nouns that end ("Syrian Democratic Forces") or open
# ("Office of National Defense") an organisation's name.
ORG_NOUNS = (
    "Army", "Armies", "Brigade", "Brigades", "Battalion", "Battalions", "Division", "Divisions",
    "Front", "Council", "Councils", "Units", "Unit", "Forces", "Force", "Party", "Office",
    "Movement", "Regiment", "Corps", "Coalition", "Committee", "Committees", "Authority",
    "Organisation", "Organization", "Union", "Command", "Staff", "Guard", "Guards", "Ministry",
    "Directorate", "Agency", "Service", "Services", "Administration", "Assembly", "Federation",
    "Alliance", "Group", "Network", "Observatory", "Commission", "Coordination", "Government",
    "Militia", "Militias", "Legion", "Battalion", "Squadron", "Operations Room", "Police",
)
_CAP = r"[A-Z][\w'’ʼ]*(?:-[A-Z][\w'’ʼ]*)*"
_LINK = r"(?:of|for|al-\w+|a-\w+|de|du|des)"
# At most 12 words before the noun: an unbounded run made this regex quadratic in the length
# of any long capitalised run (16 kB of "Aaa Aaa …": 12 s), and no name is that long.
ORG_SUFFIXED = re.compile(
    rf"(?<![\w-])(?:{_CAP}['’]s\s+)?{_CAP}(?:\s+(?:{_LINK}\s+)?{_CAP}){{0,12}}\s+"
    r"(?:" + "|".join(re.escape(n) for n in ORG_NOUNS) + r")\b"
    rf"(?:\s+of(?:\s+the)?\s+{_CAP}(?:\s+(?:and\s+|of\s+)?{_CAP})*)?"
)
# "Government of X and the X people" is two actors: "and the" ends the name.
ORG_PREFIXED = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ORG_NOUNS)
    + rf")\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+(?!the\s)|(?:of|for)\s+(?:the\s+)?)?{_CAP})*"
)

# "Karim a-Haddad", "Khalid Ibn al-Walid", "Yusuf al-Abd Saleh": a given name, then
# an article-prefixed family name (spaCy often stops at the hyphen).
PERSON_NAME = re.compile(
    rf"(?<![\w-])[A-Z][a-z’']+(?:\s+(?:Abu|Ibn|Bin|bin|ibn|Bint|Umm)\s+{NAME_WORD}|\s+(?:{_ARTICLE})[A-Z][\w'’]+)+"
    rf"(?:\s+[A-Z][a-z]+(?=[\s,.;:!?)\]]|$))?"
)

# Offices held by people: "The Foreign Secretary", "Minister for the Middle East Tobias
# Ellwood", "President Bashar al-Assad". A title is a mention of the person holding it.
TITLES = (
    "Prime Minister", "Deputy Prime Minister", "Foreign Secretary", "Home Secretary",
    "Defence Secretary", "Defense Secretary", "Secretary of State", "Secretary-General",
    "Secretary General", "Foreign Minister", "Defence Minister", "Defense Minister",
    "Interior Minister", "Minister", "President", "Vice President", "Ambassador", "Special Envoy",
    "Envoy", "Special Representative", "High Representative", "Special Advisor", "Special Adviser",
    "Spokesman", "Spokeswoman", "Spokesperson", "Chancellor", "King", "Queen", "Crown Prince",
    "Emir", "Sheikh", "Chargé d’Affaires", "Charge d'Affaires", "Commissioner", "Governor",
    "Mayor", "General", "Lieutenant General", "Major General", "Brigadier General", "Colonel",
    "Commander", "Chief of Staff", "Senator", "Congressman", "Pope", "Patriarch", "Grand Mufti",
    "Director", "General Director", "Director General", "Director-General", "Deputy Director",
)
_TITLE_ALT = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
TITLE = re.compile(
    rf"(?<![\w-])(?:(?:[Tt]he|[Tt]his)\s+)?(?:(?:UK|US|U\.S\.|British|American|French|Russian|Iranian|"
    rf"Turkish|Syrian|Iraqi|Australian|EU|UN|Foreign\s+Office|Deputy|Acting|Former|former)\s+)*"
    rf"(?:{_TITLE_ALT})(?:\s+(?:for|of)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+)?{_CAP})*)?"
)
# "The former leader of X, Jordanian-born militant NAME": a role of a named group set
# before the name of its holder is a mention of the holder (only before such a name).
ROLE_BEFORE_NAME = re.compile(
    rf"(?<![\w-])[Tt]he\s+(?:(?:former|late|current|then|acting|deputy|new|top|senior)\s+)*"
    rf"(?:leader|head|chief|founder|co-founder|commander|spokesman|spokeswoman|emir|chairman)"
    rf"\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:(?:of|in|for|and)\s+)?(?:the\s+)?{_CAP})*"
    rf"(?=,\s+(?:[\w-]+\s+){{0,3}}?[A-Z][a-z])"
)
TITLE_AFTER = re.compile(rf",\s+(?:[Tt]he\s+)?(?:(?:Deputy|Acting|Former|former)\s+)?(?:{_TITLE_ALT})\b")
TITLE_AT_END = re.compile(rf"(?<![\w-])(?:{_TITLE_ALT})$")
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sheikh|Sayyed|Sayyid)\.?\s+$")

# Nationality adjectives, for collective actors named by their country ("Iraqi security
# forces") and for a government outlet's state ("Australian Department of …").
DEMONYMS: dict[str, str] = {
    "Syrian": "Syria", "Iraqi": "Iraq", "Afghan": "Afghanistan", "Libyan": "Libya",
    "Yemeni": "Yemen", "Lebanese": "Lebanon", "Jordanian": "Jordan", "Turkish": "Turkey",
    "Iranian": "Iran", "Egyptian": "Egypt", "Saudi": "Saudi Arabia", "Kurdish": "Kurdistan",
    "Palestinian": "Palestine", "Israeli": "Israel", "Russian": "Russia", "American": "United States",
    "British": "United Kingdom", "French": "France", "German": "Germany", "Italian": "Italy",
    "Australian": "Australia", "Canadian": "Canada", "Dutch": "Netherlands", "Danish": "Denmark",
    "Norwegian": "Norway", "Swedish": "Sweden", "Spanish": "Spain", "Somali": "Somalia",
    "Malian": "Mali", "Nigerian": "Nigeria", "Sudanese": "Sudan", "Pakistani": "Pakistan",
    "Ukrainian": "Ukraine", "Chinese": "China", "Japanese": "Japan", "Indian": "India",
}
_DEMONYM = "|".join(sorted(DEMONYMS, key=len, reverse=True))
# Collective actors named without a proper name: "the international community", "the Syrian
# opposition", "Iraqi security forces". A country's opposition or forces only: a bare "the
# opposition" or "the coalition" is too vague to be one actor across an article.
COLLECTIVE_ACTOR = re.compile(
    rf"(?<![\w-])(?:[Tt]he\s+)?(?:(?:wider\s+)?international\s+community"
    rf"|(?:moderate\s+)?(?:{_DEMONYM})\s+(?:moderate\s+)?(?:[Oo]pposition(?:\s+[Ff]orces)?"
    rf"|(?:security|armed|government)\s+forces)"
    # "Iranian-backed militias", "Turkish-backed factions": a country's proxies, one actor
    rf"|(?<!of\s)(?:{_DEMONYM})[-‑]backed\s+(?:militias|militia|factions|forces|groups|fighters))(?![\w-])"
)
# A dateline: "BEIRUT:" or "AZAZ, Syria —" opening the first paragraph of a report.
DATELINE = re.compile(r"^(?P<name>[A-Z][A-Z'’\- ]{2,30}?)(?=\s*(?::|,\s+[A-Z][a-z]+\s*[:—–-]|\s+[—–-]\s))", re.M)
# "the town of X": what follows is a place, known to the gazetteer or not.
PLACE_OF = re.compile(
    r"(?<![\w-])(?:town|city|village|villages|district|neighbourhood|neighborhood|suburb|camp)\s+of\s+"
    r"(?P<name>(?:(?:al|el|ad|ash|as|at|az|ar|an)[-‑])?[A-Z][\w'’‘ʿ-]*(?:[ \t]+(?:(?:al|el|ad|ash|as|at|az|ar|an)[-‑])?"
    r"[A-Z][\w'’‘ʿ-]*){0,2})")

# "Long Name (ACR)", "Long Name, or ACR,", "ACR (Long Name)"
ACRONYM = r"[A-Z][A-Z0-9&]{1,7}s?"
ACRONYM_AFTER = re.compile(rf"\s*(?:\((?P<a1>{ACRONYM})\)|,\s+(?:or|known as|also known as)\s+(?P<a2>{ACRONYM})\b)")
ACRONYM_STANDALONE = re.compile(rf"(?<![\w-])(?P<acr>{ACRONYM})(?![\w-])")
# Any run of capitalised words before "(ACR)": its acronym when the initials agree
# ("Syria Recovery Trust Fund (SRTF)", "State Board of Antiquities and Heritage (SBAH)").
CAPITALISED_RUN = re.compile(
    rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|on|de|the)[ \t]+)*{_CAP})+(?=\s*\((?P<acr>{ACRONYM})\))")
ACRONYM_SKIP_WORDS = frozenset({"of", "and", "for", "on", "de", "the"})

# Capitalised words spaCy tags as names that are never entities of ours.
NOT_NAMES = frozenset({
    "islam", "christianity", "judaism", "quran", "koran", "god", "allah", "ramadan", "eid",
    "ed", "editor", "q", "a", "gmt", "utc", "photo", "share", "tweet", "twitter", "facebook", "hardline",
    "hardliners", "sunni", "shia", "shiite", "alawite", "druze", "muslim", "muslims",
    "arab", "arabs", "kurdish", "islamist", "islamists", "jihadist", "jihadists", "western",
    "revolution", "the revolution", "regime", "opposition", "rebels", "the opposition",
    # "Takfiri terrorists", "jihadi groups": words that describe fighters, no one's name
    "takfiri", "takfiris", "jihadi", "jihadis",
    "a.i", "a.i.",  # "Chargé d’Affaires, a.i." (ad interim)
})
# "(TRT World and Agencies)", "Source: X and agencies": a wire credit names the outlet alone
AND_AGENCIES = re.compile(r"\s+(?:and|&)\s+(?:news\s+)?agencies$", re.I)
# "Manar/Manal/Ghossoun", "REUTERS/Jason Reed": an editor's or photographer's credit line
CREDIT = re.compile(r"[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?(?:\s?/\s?[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?)+")
# What no person's name holds: a digit ("Thu Aug 1 2013"), a participle of backing ("Iran-backed")
NOT_A_PERSON = re.compile(r"\d|-(?:backed|based|led|held|controlled|linked|allied|born)\b")
# Words of a group name that are just the name's article, its type, or a determiner.
# A mention span keeps a leading "the" (as annotators mark it); these go.
STRIP_LEADING = re.compile(r"^(?:a|an|this|that|these|those|its|their|his|her|our|by)\s+", re.I)
# "Units of the Syrian Arab Army": people of a force, named by the force alone
MEMBERS_OF = re.compile(r"^(?:[Tt]he\s+)?(?:Units|Fighters|Members|Elements|Troops|Soldiers|Forces|Men)\s+of\s+")
THE = re.compile(r"^the\s+", re.I)
POSSESSIVE = re.compile(r"['’]s?$")

# NER labels and what they become.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
             "NORP": "NORP"}

# Two to four capitalised words, as a person's name is written.
PERSON_LIKE = re.compile(rf"{NAME_WORD}(?:\s+(?:(?:Abu|Ibn|Bin|bin|ibn)\s+)?{NAME_WORD}){{1,3}}")

# A country named as a state that acts ("The UK stands by Iraq", "Russia's influence") is
# an ORG; as a territory ("in Syria", "Syria's second city") a PLACE.
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss", "compound"})
ACTOR_PREPS = frozenset({"by", "with", "for", "against", "between", "and"})
# Verbs whose object is a place more often than a person: "leave Quneitra", "stormed Daraa".
PLACE_VERBS = frozenset({"leave", "enter", "reach", "capture", "seize", "storm", "shell", "bomb",
                         "besiege", "retake", "recapture", "liberate", "visit", "evacuate", "encircle",
                         "surround", "overrun", "control", "flee", "abandon"})
# "left for Jordan", "headed for Turkey": here "for" is a destination, not a beneficiary.
MOTION_VERBS = frozenset({"leave", "head", "depart", "flee", "set", "travel", "go", "run", "escape",
                          "move", "bound", "sail", "fly", "drive", "make", "return"})
TERRITORY_NOUNS = frozenset({
    "city", "cities", "capital", "border", "borders", "north", "south", "east", "west",
    "territory", "territories", "land", "lands", "soil", "countryside", "province", "provinces",
    "region", "regions", "coast", "desert", "towns", "villages", "people", "population",
    "communities", "crisis", "conflict", "war", "civil",
})
COUNTRY_KINDS = frozenset({"country"})

# Outlets that speak for a state or an international body ("UK Government", "US State
# Department", "Delegation of the European Union to Syria"): their "we" is that actor.
GOVERNMENT_OUTLET = re.compile(
    r"\b(?:Government|Department|Ministry|Foreign\s+Office|Embassy|Delegation|Mission|Cabinet|"
    r"White\s+House|High\s+Commission|Consulate|Prime\s+Minister['’]s\s+Office)\b")
# "… to Syria", "… in Iraq": where a delegation or embassy sits, not whom it speaks for.
OUTLET_HOST = re.compile(r"\s+(?:to|in|at)\s+(?:the\s+)?[A-Z][\w .’'-]*$")
OUTLET_WORDS = frozenset({
    "government", "department", "ministry", "office", "foreign", "affairs", "and", "trade",
    "state", "of", "the", "for", "embassy", "delegation", "mission", "cabinet", "consulate",
    "high", "commission", "prime", "minister's", "minister’s", "white", "house", "defence",
    "defense", "home", "commonwealth", "development",
})


# Nouns that only ever describe a person: after a name ("NAME, a former X commander",
# "NAME, a researcher who …") they make the name a person's, whatever NER said.
PERSON_NOUNS = frozenset({
    "leader", "commander", "founder", "co-founder", "spokesman", "spokeswoman",
    "spokesperson", "emir", "amir", "negotiator", "fighter", "official", "officer", "member",
    "chief", "head", "director", "researcher", "lawyer", "activist", "journalist", "reporter",
    "doctor", "nurse", "volunteer", "teacher", "student", "engineer", "pharmacist", "farmer",
    "resident", "defector", "brother", "sister", "son", "daughter", "father", "mother",
    "cousin", "nephew", "uncle", "wife", "husband", "colonel", "general", "sheikh", "cleric",
    "preacher", "judge", "coordinator", "photographer", "medic", "paramedic", "mayor",
})
_PERSON_NOUN_ALT = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
# ", a former Jaish al-Islam commander", ", the 38-year-old lawyer", ", a spokesman for"
PERSON_APPOSITION = re.compile(
    rf"(?:,|\s+(?:is|was|became|remains|has\s+been))\s+(?:a|an|the|his|her|their)\s+"
    rf"(?:(?!(?:of|in|at|for|to|from|with|by|on|near|and|or|which|that|who|where)\s)[\w'’-]+\s+){{0,5}}?"
    rf"(?:{_PERSON_NOUN_ALT})\b", re.I)

# Last words of the names of buildings, works and landforms: "the Ishtar Gate", "the Samarra
# Barrage", "Al Assad University Hospital" are places, whatever NER says ("Damascus
# University", a body, is not one of them).
FACILITY_HEADS = frozenset({
    "Mosque", "Mosques", "Church", "Cathedral", "Gate", "Gates", "Barrage", "Dam", "Museum",
    "Hospital", "River", "Mountains", "Mountain", "Mount", "Lake", "Lakes", "Bridge", "Airport",
    "Airbase", "Palace", "Castle", "Citadel", "Square", "Street", "Road", "Valley", "Canal",
    "Regulator", "Depression", "Desert", "Plain", "Plains", "Island", "Shrine", "Tomb", "Stadium",
    "Neighborhood", "Neighbourhood", "Highway", "Crossing", "Camp",
})
# A common noun after a name that makes it a landform or a work: "the Tigris river".
FACILITY_AFTER = re.compile(r"\s+(?:river|mountains|mountain|lake|lakes|dam|barrage|valley|desert|canal|"
                            r"regulator|depression|neighbou?rhood|mosque|bridge|highway)\b")
# Where a point is given as coordinates: "33°30′21″N 36°16′11″E", "35.0325°N 43.6463889°E",
# "35.0325; 43.6463889" (the way encyclopaedias print them).
_DEG = r"\d{1,3}(?:\.\d+)?°(?:\s?\d{1,2}(?:\.\d+)?[′'])?(?:\s?\d{1,2}(?:\.\d+)?[″\"])?\s?[NS]"
_DEG_E = r"\d{1,3}(?:\.\d+)?°(?:\s?\d{1,2}(?:\.\d+)?[′'])?(?:\s?\d{1,2}(?:\.\d+)?[″\"])?\s?[EW]"
COORDINATES = re.compile(rf"(?<![\w.]){_DEG}[,\s]\s?{_DEG_E}(?![\w])"
                         r"|(?<![\w.])-?\d{1,2}\.\d{3,};\s?-?\d{1,3}\.\d{3,}(?![\w.])")

# First words of Syrian place names ("Kafr X", "Tell Rifaat", "Deir Hafer", "Jisr
# al-Shughur"): a name they open is a place, whatever NER says.
TOPONYM_HEADS = frozenset({
    "Kafr", "Kafar", "Kfar", "Tal", "Tell", "Tall", "Deir", "Dayr", "Khirbet", "Khirbat", "Ain", "Ayn",
    "Jisr", "Ras", "Maarat", "Maaret", "Marat", "Maarrat", "Beit", "Bayt", "Qasr", "Wadi", "Jabal", "Jebel",
    "Qalaat",
})
