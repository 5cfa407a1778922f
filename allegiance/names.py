"""Transliteration-aware normalisation and matching of names.

Arabic names reach English text in many spellings: a-Assad, al-Assad, Assad;
Hay'at, Hayat, Hayʼat; Ḩamāh, Hama. Three levels of key:

    fold(s)       lower case, no diacritics, no ʿayn/hamza marks, punctuation → space
    normalize(s)  fold + Arabic article prefixes dropped (al-, a-, el-, ad-, ash-, …)
    skeleton(s)   normalize + common spelling variants collapsed (ou/u/o, ee/i, q/k, …)
                  and English function words (of, the, and, …) dropped
    consonants(s) the consonants only, for letter-by-letter romanisations of unvowelled
                  Arabic script ("alhskt" for al-Hasakah, "tl tmr" for Tell Tamer)

`similarity` compares two names token by token on their skeletons. A whole-string edit
ratio would say "Ahrar al-Sham" ≈ "Ahrar al-Shams" (one letter in twelve); names differ
in words, so each word must match on its own: exactly, by a vowel-only variant
(Zenki/Zinki), or, for long words, within one edit.

`person_variant` says whether two personal names (titles already off) are one name
written two ways — a middle name more ("Haider al-Abadi" / "Haider Jawad al-Abadi"), a
first name less ("Tayyip Erdogan" / "Recep Tayyip Erdogan"), a letter lost with its
diacritic ("Erdoan" for Erdoğan) — and how; whether that is enough to merge two people is
the resolver's decision (it also wants shared context).

Structure helpers: `name_parts` (kunya Abu/Umm X, patronymic ibn/bin/bint X, given name,
surname), `is_weak_alias` (a name that alone cannot identify anyone, e.g. "Abu Omar"),
`acronym` ("Syrian Democratic Forces" → "SDF") and `is_sub_name` ("Nusra" of "Jabhat
a-Nusra", "Alloush" of "Zahran Alloush").

On `rigour` (OpenSanctions): its generic-person-name list ("Muhammad", "Abu Bakr", …) is
exactly the notion of a weak alias, so `is_weak_alias` uses it. Its org-type tables are
legal company forms (LLC, GmbH, ООО) and would not strip "Brigade" or "Jabhat", and its
tokenizer/normaliser does not know Arabic articles or transliteration variants, so the
keys here stay our own; they must also be cheap enough for hot loops (lru_cache).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = [
    "ARTICLES",
    "HONORIFICS",
    "NameParts",
    "acronym",
    "consonants",
    "fold",
    "is_sub_name",
    "is_weak_alias",
    "looks_unvowelled",
    "name_parts",
    "normalize",
    "person_variant",
    "same_name",
    "similarity",
    "skeleton",
    "skeleton_similarity",
    "word_similarity",
]

# Arabic definite-article forms as they appear in transliterations (with sun-letter
# assimilation: ad-, ash-, as-, at-, az-, ar-, an-, adh-, ath-).
ARTICLES = frozenset(
    {"al", "a", "el", "il", "ul", "ad", "ash", "as", "at", "az", "ar", "an", "adh", "ath"}
)
_MARKS = re.compile(r"[’'ʼʻ‘`´ʿʾ′ʹ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Hyphenated prefixes; the e-vowel forms (Deir ez-Zor, Ras el-Ain) count only here,
# since as words of their own they are English or European names (Ed, Es, En).
_PREFIX = re.compile(
    r"\b(?:al|a|el|il|ad|ash|as|at|az|ar|an|adh|ath|ed|es|esh|et|ez|er|en)-(?=\w)", re.IGNORECASE
)

# English function words carry no identity in names ("Islamic State of/in Iraq").
_FUNCTION_WORDS = frozenset({"of", "the", "and", "in", "for", "to", "wa", "wal"})

# Spelling variants that transliteration schemes disagree on; applied in order to each
# normalised token. Kept small and phonetic: each rule collapses letters English
# writers use interchangeably for one Arabic sound. Order matters: digraphs first.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?<=[a-z])[aoue]llah?$", "allah"),  # Hezbollah / Hizbullah / Hizballah
        (r"ou", "u"),
        (r"oo", "u"),
        (r"ee", "i"),
        (r"ae", "ay"),
        (r"ei", "ay"),
        (r"ai", "ay"),
        (r"ey", "ay"),
        (r"aw(?=[^aeiouy]|$)", "u"),
        (r"ow(?=[^aeiouy]|$)", "u"),
        (r"dh", "z"),
        (r"th", "t"),
        (r"kh", "k"),
        (r"gh", "g"),
        (r"q", "k"),
        (r"ck", "k"),
        (r"e", "a"),
        (r"o", "u"),
        (r"y(?=[^aeiou]|$)", "i"),
        (r"(?<=[a-z]{3})h$", ""),
        (r"([a-z])\1", r"\1"),
    )
)
# "Abd al-Rahman" / "Abdul Rahman" / "Abdulrahman" / "Abdel-Rahman": one theophoric name.
_ABD = re.compile(r"^abd(?:u|e|a|i)?l?$")
_ABD_JOINED = re.compile(r"^abd(?:ul|el|al|il)(?=[a-z]{3})")

# Vowels that transliterations swap for one Arabic short vowel (after e→a, o→u).
# u/a is not among them: Nasrun and Nasran are different names.
_VOWEL_SWAPS = frozenset({("a", "i"), ("i", "a")})


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower case, strip diacritics and ʿayn/hamza marks; non-alphanumerics become spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _MARKS.sub("", s)
    return " ".join(_NON_ALNUM.sub(" ", s).split())


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """`fold` with the Arabic article dropped wherever it is a prefix or its own word."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _MARKS.sub("", s)
    s = _PREFIX.sub("", s)
    tokens = fold(s).split()
    kept = [t for t in tokens if t not in ARTICLES]
    return " ".join(kept or tokens)


@lru_cache(maxsize=65536)
def _variant(token: str) -> str:
    for pattern, repl in _VARIANTS:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """`normalize` with spelling variants collapsed: a key for "probably the same name"."""
    tokens = normalize(name).split()
    kept = [t for t in tokens if t not in _FUNCTION_WORDS] or tokens
    out: list[str] = []
    glue = False
    for token in kept:
        if _ABD.match(token):
            glue = True
            continue
        token = _ABD_JOINED.sub("abd", token)
        if glue:
            token, glue = "abd" + token, False
        out.append(_variant(token))
    if glue:
        out.append("abd")
    return " ".join(out)


def _vowel_variant(a: str, b: str) -> bool:
    """Same consonants in the same places, at most two swapped short vowels."""
    if len(a) != len(b) or a[0] != b[0]:
        return False
    if a[-1] != b[-1]:
        return False  # a final vowel is grammar or another name: Ali/Alaa, Nusra/Nusri
    swaps = 0
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if (x, y) not in _VOWEL_SWAPS:
            return False
        swaps += 1
    return swaps <= (1 if len(a) < 7 else 2)


def _epenthetic(long: str, short: str) -> bool:
    """`long` is `short` with one helping vowel inside (Nasir/Nasr)."""
    if len(long) != len(short) + 1 or len(short) < 3:
        return False
    return any(
        long[i] in "aiu" and long[:i] + long[i + 1 :] == short for i in range(1, len(long) - 1)
    )


@lru_cache(maxsize=262144)
def word_similarity(a: str, b: str) -> float:
    """Score of two skeleton words: 1 equal, 0.92–0.95 a known variant, else 0."""
    if a == b:
        return 1.0
    if _vowel_variant(a, b):
        return 0.95
    if _epenthetic(a, b) or _epenthetic(b, a):
        return 0.93
    # One stray letter in a long word is a typo; in a short word it is another word
    # (Sham/Shams, Nasran/Nasrun), so short tokens get no edit allowance.
    if min(len(a), len(b)) >= 7 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1:
        return 0.92
    return 0.0


def skeleton_similarity(sa: str, sb: str) -> float:
    """Word-by-word score of two skeletons (already keyed): the minimum word score, or 0."""
    if sa == sb:
        return 0.97
    if sa.replace(" ", "") == sb.replace(" ", ""):
        return 0.95  # "Abu Bakr" / "Abubakr", "Hizb Allah" / "Hizballah"
    ta, tb = sa.split(), sb.split()
    if len(ta) != len(tb) or not ta:
        return 0.0
    score = 1.0
    for x, y in zip(ta, tb, strict=True):
        s = word_similarity(x, y)
        if s == 0.0:
            return 0.0
        score = min(score, s)
    return score


@lru_cache(maxsize=65536)
def _similarity(a: str, b: str) -> float:
    if normalize(a) == normalize(b):
        return 1.0
    sa, sb = skeleton(a), skeleton(b)
    if score := skeleton_similarity(sa, sb):
        return score
    # Not the same name; still say how alike the letters are, for callers that rank
    # candidates, but below any same-name threshold (0.9).
    return min(0.89, fuzz.ratio(sa, sb) / 100.0)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two names are once transliteration noise is removed.

    1.0 same normalised form; 0.97 same skeleton; 0.92–0.95 every word a known variant
    of its counterpart; otherwise the letter-level edit ratio, capped at 0.89 because a
    different word makes a different name (Sham/Shams, Ali/Alaa).
    """
    if a == b:
        return 1.0
    return _similarity(a, b) if a < b else _similarity(b, a)


def same_name(a: str, b: str, *, threshold: float = 0.9) -> bool:
    return similarity(a, b) >= threshold


# -- one person's name written two ways -------------------------------------------------

# Forms of address a name carries in running text and that are no part of it ("Mr Johnson"
# is one name part, "Johnson").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sheikh", "shaykh", "sayyed", "sayyid"})


def _lost_letter(long: str, short: str) -> bool:
    """`long` is `short` with one letter inside that `short` lost: a letter dropped with its
    diacritic by a text stripped to ASCII ("erdoan" for "erdoğan"). Words of five letters or
    more, first and last letters kept, so "Ali"/"Alia" and "Nasr"/"Nasri" stay apart."""
    if len(long) != len(short) + 1 or len(short) < 5:
        return False
    return any(long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1))


def _same_word(a: str, b: str) -> str | None:
    if word_similarity(a, b) >= 0.9:
        return "same"
    if _lost_letter(a, b) or _lost_letter(b, a):
        return "lost letter"
    return None


def _arabic_nasab(name: str) -> bool:
    """Whether a name is built the Arabic way, given name then father's name: it carries
    an article (al-Assad), a kunya or patronymic head, an Abd- name, or a common Arabic
    given name first (rigour's list: Muhammad, Hasan, …)."""
    tokens = fold(name).split()
    if len(normalize(name).split()) < len(tokens) or _PREFIX.search(name):
        return True
    if any(t in _KUNYA_HEADS or t in _NASAB_HEADS or _ABD.match(t) or _ABD_JOINED.match(t) for t in tokens):
        return True
    return bool(tokens) and skeleton(tokens[0]) in _generic_person_names()


def _person_tokens(name: str) -> list[str]:
    return [t for t in skeleton(name).split() if t not in HONORIFICS]


def person_variant(a: str, b: str) -> str | None:
    """How two personal names are one name written two ways, or None.

    Both need two name parts or more and the same surname; the shorter's parts must each
    match a part of the longer, in order (as spellings, or with a letter lost). Allowed
    besides: middle names the shorter leaves out, or the longer's first name when the
    shorter is its last two parts or more ("Tayyip Erdogan") — but not in an Arabic name,
    where the part after the first is the father's: "Hafez al-Assad" is not "Bashar Hafez
    al-Assad". Equal names are not a variant (None): the resolver finds them by key.
    """
    ta, tb = _person_tokens(a), _person_tokens(b)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    long_name = b if long is tb else a
    if len(short) < 2 or short == long or is_weak_alias(" ".join(short)):
        return None
    how = [_same_word(short[-1], long[-1])]
    if how[0] is None or len(short[-1]) < 3:
        return None  # the surname must match
    j = len(long) - 2
    for tok in reversed(short[:-1]):  # right to left, each to the nearest part that matches
        while j >= 0 and _same_word(tok, long[j]) is None:
            j -= 1
        if j < 0:
            return None
        how.append(_same_word(tok, long[j]))
        j -= 1
    first_kept = _same_word(short[0], long[0]) is not None
    skipped = len(long) - len(short)
    kinds = []
    if skipped:
        kinds.append("middle name" if first_kept else "first name left out")
        if not first_kept and (skipped > 1 or _arabic_nasab(long_name)):
            return None  # one first name at most, and never a son's before his father's
    if "lost letter" in how:
        kinds.append("a letter lost")
    return ", ".join(kinds) or None


# -- structure of Arabic personal names ------------------------------------------------

_KUNYA_HEADS = frozenset({"abu", "abou", "abo", "umm", "um", "om"})
_NASAB_HEADS = frozenset({"ibn", "bin", "ben", "bint", "ibnat"})


@dataclass(frozen=True, slots=True)
class NameParts:
    """A personal name split into its Arabic parts (each folded, articles kept off)."""

    tokens: tuple[str, ...]
    kunya: str | None  # "abu mohammad": teknonym, shared by many people
    given: str | None  # "omar"
    nasab: tuple[str, ...]  # ("ibn khattab",): patronymic links
    surname: str | None  # last name-bearing token: family name, nisba or laqab


@lru_cache(maxsize=16384)
def name_parts(name: str) -> NameParts:
    """Split a personal name into kunya, given name, patronymics and surname."""
    tokens = tuple(normalize(name).split())
    kunya: str | None = None
    nasab: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _KUNYA_HEADS and nxt is not None:
            if kunya is None:
                kunya = f"{tok} {nxt}"
            else:
                rest.append(f"{tok} {nxt}")
            i += 2
            continue
        if tok in _NASAB_HEADS and nxt is not None:
            nasab.append(f"{tok} {nxt}")
            i += 2
            continue
        rest.append(tok)
        i += 1
    given = rest[0] if rest and (kunya is None or len(rest) > 1) else None
    # A lone word after a kunya is the surname (nisba); a lone word otherwise is a given name.
    surname = rest[-1] if len(rest) > 1 or (rest and kunya) else None
    return NameParts(tokens, kunya, given, tuple(nasab), surname)


@lru_cache(maxsize=1)
def _generic_person_names() -> frozenset[str]:
    from rigour._core import generic_person_names_list

    return frozenset(skeleton(n) for n in generic_person_names_list())


@lru_cache(maxsize=16384)
def is_weak_alias(name: str) -> bool:
    """True for names that alone cannot identify one person or group.

    A bare kunya ("Abu Omar"), a bare patronymic ("Ibn Taymiyya"), a single very common
    given name ("Mohammed"), or a name of one or two letters.
    """
    norm = normalize(name)
    if len(norm.replace(" ", "")) <= 2:
        return True
    if skeleton(name) in _generic_person_names():
        return True
    parts = name_parts(name)
    if parts.kunya is not None and len(parts.tokens) == 2:
        return True
    return bool(parts.nasab) and len(parts.tokens) == 2


# -- acronyms and sub-names --------------------------------------------------------------

# Words skipped when forming initials; English and Arabic particles.
_ACRONYM_SKIP = _FUNCTION_WORDS | ARTICLES | {"fi", "li", "bi", "ibn", "bin"}

# Type words of Arabic/English group names: a sub-name made only of these (plus places
# as generic as "Sham", the Levant) names no particular group.
_GENERIC_WORDS = frozenset(
    skeleton(w)
    for w in (
        "jabhat jebhat front liwa brigade brigades jaysh jaish jeish army harakat haraka "
        "movement kataib katiba battalion battalions faylaq legion corps firqa division "
        "hayat hayaat organization organisation tajammu gathering saraya companies jund "
        "soldiers ansar supporters ahrar free forces force units unit council party "
        "group front islamic islam national syrian syria sham levant revolutionary "
        "revolutionaries union democratic people peoples state government regime "
        "al abu umm ibn bin"
    ).split()
)


_CONS_SPLIT = re.compile(r"[^a-z0-9ʿʾ'`’‘]+")
_CONS_DROP = re.compile(r"[aeiouyw0-9ʿʾ'`’‘]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def consonants(name: str) -> str:
    """The consonant letters of a romanised Arabic name, for matching a letter-by-letter
    romanisation of unvowelled script against a vowelled one.

    Arabic script writes no short vowels and writes long ones with the letters alif, waw
    and ya, so a machine romanisation gives "nahyt mrkz alhskt" for what a reporter
    spells "Markaz al-Hasakah". Both sides lose the vowels, y and w (long vowels either
    way), the article (glued or not), doubled letters and a final h or t (ta marbuta,
    written -ah by reporters and -t by the machine), and k stands for q. The key is
    coarse by design: it is a last resort, for names that `looks_unvowelled`.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    out = []
    for token in _CONS_SPLIT.split(s):
        if not token or token in ARTICLES:
            continue
        if token.startswith(("al", "el")) and len(token) > 3:
            token = token[2:]
        if len(token) > 3 and ((token[-1] == "h" and token[-2] in "aei")
                               or (token[-1] == "t" and token[-2] not in "aeiou")):
            token = token[:-1]
        out.append(_DOUBLE.sub(r"\1", _CONS_DROP.sub("", token).replace("q", "k")))
    return "".join(out)


def looks_unvowelled(name: str) -> bool:
    """Whether a name reads as a letter-by-letter romanisation of unvowelled Arabic
    ("tl tmr", "alqamshly"): under three vowels in ten letters, article prefixes aside."""
    tokens = [t[2:] if t.startswith("al") and len(t) > 4 else t for t in fold(name).split()]
    tokens = [t for t in tokens if t not in ARTICLES]
    letters = sum(c.isalpha() for t in tokens for c in t)
    vowels = sum(c in "aeiou" for t in tokens for c in t)
    return letters >= 3 and vowels / letters < 0.3


@lru_cache(maxsize=16384)
def acronym(name: str) -> str:
    """Initials of the significant words, upper case ("Hay'at Tahrir al-Sham" → "HTS")."""
    words = fold(_PREFIX.sub(" ", unicodedata.normalize("NFKC", name))).split()
    return "".join(w[0] for w in words if w not in _ACRONYM_SKIP).upper()


@lru_cache(maxsize=65536)
def is_sub_name(short: str, long: str) -> bool:
    """True if `short` is a plausible shortening of `long`.

    Its words must appear in `long` in the same order (as transliteration variants), it
    must be shorter, and it must not consist only of generic type words ("Jabhat",
    "Brigade", "Sham"), kunya heads or articles: "Nusra" ⊂ "Jabhat a-Nusra",
    "Alloush" ⊂ "Zahran Alloush", but not "Sham" ⊂ "Ahrar al-Sham".
    """
    ts, tl = skeleton(short).split(), skeleton(long).split()
    if not ts or len(ts) >= len(tl):
        return False
    if all(t in _GENERIC_WORDS for t in ts):
        return False
    j = 0
    for tok in ts:
        while j < len(tl) and word_similarity(tok, tl[j]) < 0.9:
            j += 1
        if j == len(tl):
            return False
        j += 1
    return True
