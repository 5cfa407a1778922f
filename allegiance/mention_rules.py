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
ORG_SUFFIXED = re.compile(
    rf"(?<![\w-])(?:{_CAP}['’]s\s+)?{_CAP}(?:\s+(?:{_LINK}\s+)?{_CAP})*\s+"
    r"(?:" + "|".join(re.escape(n) for n in ORG_NOUNS) + r")\b"
    rf"(?:\s+of(?:\s+the)?\s+{_CAP}(?:\s+(?:and\s+|of\s+)?{_CAP})*)?"
)
ORG_PREFIXED = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ORG_NOUNS)
    + rf")\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+|for\s+|the\s+)*{_CAP})*"
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
)
_TITLE_ALT = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
TITLE = re.compile(
    rf"(?<![\w-])(?:(?:[Tt]he|[Tt]his)\s+)?(?:(?:UK|US|U\.S\.|British|American|French|Russian|Iranian|"
    rf"Turkish|Syrian|Iraqi|Australian|EU|UN|Foreign\s+Office|Deputy|Acting|Former|former)\s+)*"
    rf"(?:{_TITLE_ALT})(?:\s+(?:for|of)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+)?{_CAP})*)?"
)
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sheikh|Sayyed|Sayyid)\.?\s+$")

# "Long Name (ACR)", "Long Name, or ACR,", "ACR (Long Name)"
ACRONYM = r"[A-Z][A-Z0-9&]{1,7}s?"
ACRONYM_AFTER = re.compile(rf"\s*(?:\((?P<a1>{ACRONYM})\)|,\s+(?:or|known as|also known as)\s+(?P<a2>{ACRONYM})\b)")
ACRONYM_STANDALONE = re.compile(rf"(?<![\w-])(?P<acr>{ACRONYM})(?![\w-])")

# Capitalised words spaCy tags as names that are never entities of ours.
NOT_NAMES = frozenset({
    "islam", "christianity", "judaism", "quran", "koran", "god", "allah", "ramadan", "eid",
    "ed", "editor", "q", "a", "photo", "share", "tweet", "twitter", "facebook", "hardline",
    "hardliners", "sunni", "shia", "shiite", "alawite", "druze", "muslim", "muslims",
    "arab", "arabs", "kurdish", "islamist", "islamists", "jihadist", "jihadists", "western",
    "revolution", "the revolution", "regime", "opposition", "rebels", "the opposition",
})
# Words of a group name that are just the name's article, its type, or a determiner.
# A mention span keeps a leading "the" (as annotators mark it); these go.
STRIP_LEADING = re.compile(r"^(?:a|an|this|that|these|those|its|their|his|her|our)\s+", re.I)
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
TERRITORY_NOUNS = frozenset({
    "city", "cities", "capital", "border", "borders", "north", "south", "east", "west",
    "territory", "territories", "land", "lands", "soil", "countryside", "province", "provinces",
    "region", "regions", "coast", "desert", "towns", "villages", "people", "population",
    "communities", "crisis", "conflict", "war", "civil",
})
COUNTRY_KINDS = frozenset({"country"})
