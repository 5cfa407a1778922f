"""The cues the structure stage reads: what boilerplate, captions, notes and turns look like.

Kept apart from the cascade in `structure.py` so that adding an outlet's habit is a
change of data here, not of logic there.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date

# Lines that are page furniture wherever they appear.
BOILERPLATE = re.compile(
    r"""^(?:
        \d+\s*(?:min(?:ute)?s?|mins?)\.?\s*read
      | reading\s+time:?\s*\d+\s*min(?:ute)?s?
      | \d+\s*min(?:ute)?s?\s+reading\s+time
      | share(?:\s+this(?:\s+(?:article|story|post|page))?)?(?:\s+on\s+\w+)?:?
      | (?:share\s+on|tweet|email|print)\s*(?:facebook|twitter|x|linkedin|whatsapp)?
      | (?:facebook|twitter|whatsapp|linkedin|telegram|email)
        (?:[\s|·,/]+(?:facebook|twitter|whatsapp|linkedin|telegram|email))*
      | subscribe(?:\s+to\s+(?:our|the)\s+\w+(?:\s+\w+)?)?.{0,60}
      | sign\s+up\s+for\s+.{0,80}
      | follow\s+us\s+on\s+.{0,60}
      | advertisement
      | (?:copyright|©).{0,120}
      | all\s+rights\s+reserved\.?
      | tags?:.{0,200}
      | filed\s+under:?.{0,200}
      | click\s+here.{0,80}
      | listen\s+to\s+this\s+article.{0,40}
      | (?:updated|published|posted)(?:\s+on)?:?\s*$
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A header after which everything is footer: related stories, more from the outlet.
FOOTER_START = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|posts|content|news))?|read\s+(?:more|next|also)"
    r"|more\s+(?:from|on|stories|in)\b.{0,60}|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?"
    r"|most\s+(?:read|popular)|latest\s+(?:news|stories)|about\s+the\s+author)\s*:?\s*$",
    re.IGNORECASE,
)

# Page furniture inside a paragraph, for texts whose line breaks were lost (wire reports
# stored as one line: "… editing by Y Our Standards:The Thomson Reuters Trust Principles.").
# From a TAIL cue to the paragraph's end everything is furniture: a closing source or
# credit line, a site's standards note, comment and share widgets, copyright.
FURNITURE_TAIL = re.compile(
    r"""(?:
        \bOur\s+Standards\s*:
      | \b(?:Additional\s+)?[Rr]eporting\s+by\s+[A-Z][\w'’.-]+
      | \b(?:Writing|Editing|Compiled)\s+by\s+[A-Z][\w'’.-]+
      | (?<![\w(])Sources?:?\s+(?:[A-Z][\w.-]*\s*){1,3}(?:and\s+(?:news\s+)?agencies)\s*(?=$|\bRelated\b)
      | \bCommunity\s+standards
      | \bComment\s+via\s+Facebook
      | \b(?:Subscribe|Follow)\s+(?:us\s+on|to\s+our|[A-Z][\w ]{0,20}\s+on)\s+
        (?:Facebook|Twitter|Instagram|YouTube|Youtube|Telegram)
      | \bCopyright\s*(?:©|\(c\))?\s*(?:19|20)\d\d\b
      | \bAll\s+rights\s+reserved\b
      | \bLast\s+Update\s*:
      | \bThis\s+article\s+is\s+an\s+edited\s+translation\b
    )""",
    re.VERBOSE,
)
# A list of other stories' headlines ("Related Coverage", "Related News", "Related" after
# a page's counters) or of keywords ("Tags Syria Raqqa airstrikes"): furniture up to the
# next tail cue or the paragraph's end, when no sentence of the report ends in between
# (headlines and keywords carry no full stop).
RELATED_LIST = re.compile(r"\b(?:Related(?:\s+(?:News|Coverage|Articles|Stories|Content))?\s+(?=[A-Z0-9\"“])"
                          r"|Tags?\s+(?=\w))")
SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"”’]?\s+[A-Z]")
# A site's keyword run glued before the report's first sentence ("… a monitor said. Tags Syria
# Idlib Russia airstrikes Airstrikes on a rebel-held village killed 12 people …"): the run
# ends where that sentence starts. The first finite verb after "Tags" is the sentence's; its
# subject starts at an opening word (a determiner, a quantity) or else at the capitalised
# word the lower-case words before the verb hang on (a capitalised word after a preposition,
# "in northwest Syria", is inside the subject). A run no verb follows before the next full
# stop, and no function word joins, ends at that stop ("Tags Syria truce sniper fire. An adult …").
TAG_RUN = re.compile(r"\bTags\s+(?=\S)")
TAG_OPENERS = frozenset("""The A An At More Almost Nearly Over Up About Around Dozens Hundreds
    Thousands Scores Several Some Many Suspected Alleged Unidentified Unknown One Two Three Four
    Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen
    Eighteen Nineteen Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety""".split())
TAG_FUNCTION_WORDS = frozenset("a an the of in on at by for from to and or near with into against".split())
FINITE_VERBS = frozenset("""is are was were has have had will would could can may might said says
    struck hit blew left took shot fell began thought came led fled lost seized fought""".split())
# Short furniture spans anywhere: share counters ("Print Tweet Views 2494"), a short-URL
# widget with its counters ("Get short URL 0 0 0"). They name nobody, but they sit between
# a headline and its report, which spaCy often reads as one sentence: they are no segments
# of their own (cutting there loses the headline's facts), the entity stage skips them.
FURNITURE_SPAN = re.compile(
    r"\bPrint\s+Tweet(?:\s+Views\s+\d+)?|\bGet\s+short\s+URL(?:\s+\d+)*")
CREDIT_REACH = 300  # characters: a closing credit line and the site's notes after it
# Credit lines whose names are the writers: they stay people, though the line is furniture
# (matched at the line's start).
CREDIT_LINE = re.compile(
    r"(?:(?:Additional\s+)?reporting|writing|editing|compiled|words|written)?\s*by\s+[A-Z]",
    re.IGNORECASE)

MONTHS = ("january february march april may june july august september october november "
          "december").split()
_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
             r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A paragraph that is only a date, optionally with a weekday, "Published", time or zone.
DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*)?"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<y1>\d{4})"
    r"|" + _MONTH_RE.replace("month", "month2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:\s*(?:[,|·-]|at)?\s*\d{1,2}[:.]\d{2}\s*(?:am|pm|[ap]\.m\.)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*)?)?\s*$",
    re.IGNORECASE,
)

BYLINE = re.compile(
    r"^(?:by|written\s+by|reporting\s+by|words\s+by)\s+"
    r"(?P<who>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|al-\w+|a-\w+|and|&|bin|ibn|de|van)){0,8})"
    r"(?:\s*[,|·-]\s*.{0,60})?\s*$",
    re.IGNORECASE,
)

# Photo captions and credits.
CAPTION = re.compile(
    r"(?:^\(?(?:photo|image|picture|video|caption|pictured)\s*(?:by|:|-|–)"
    r"|\bphoto(?:graph)?s?\s+(?:courtesy|credit|by|via|from)\b"
    r"|\bimage\s+(?:courtesy|credit|via)\b"
    r"|\((?:photo|image|picture)\s*:.{0,120}\)\s*$"
    r"|\bcredit:\s*\S.{0,80}$"
    r"|\b(?:AFP|Reuters|AP|Getty\s+Images|EPA|Anadolu)(?:\s*/\s*[\w ]+)?\s*\)?\s*$)",
    re.IGNORECASE,
)

# Editor's notes inside or as paragraphs: [Ed.: …], [Editor's note: …], (Ed. note: …).
EDITOR_NOTE = re.compile(
    r"\[\s*(?:ed(?:itor)?(?:['’]?s)?\.?\s*(?:note)?\s*[:.-])[^\]]*\]"
    r"|\(\s*(?:ed(?:itor)?(?:['’]?s)?\.?\s*note\s*[:.-])[^)]*\)",
    re.IGNORECASE,
)
EDITOR_NOTE_PARAGRAPH = re.compile(
    r"^(?:\*\*|__)?(?:editor['’]?s\s+note|ed\.\s*note|note\s+from\s+the\s+editor)\s*(?:\*\*|__)?\s*[:.-]",
    re.IGNORECASE,
)

# "Q:", "**A.**", "Interviewer:", "Karim al-Haddad:" at the start of a paragraph.
TURN_LABEL = re.compile(
    r"(?:\*\*|__)?(?P<label>Q|A|Question|Answer|Interviewer|Interviewee"
    r"|[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|al-\w+|a-\w+|el-\w+|bin|ibn|abu)){0,3})"
    r"(?:\*\*|__)?\s*(?::|\.(?=\s)|\s[-–—](?=\s))\s*(?:\*\*|__)?\s+",
)
QUESTION_LABELS = frozenset({"q", "question", "interviewer"})
ANSWER_LABELS = frozenset({"a", "answer", "interviewee"})
# Capitalised words that open ordinary sentences with a colon and are no speaker.
NOT_SPEAKERS = frozenset({"note", "update", "correction", "warning", "source", "sources",
                          "photo", "image", "video", "read", "related", "tags", "by", "credit",
                          "editor", "editors", "ed", "disclaimer", "caption", "background"})

ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for it was on with as by at from his her he she they we i "
    "you this be are were have has had not but or an which who their its".split()
)

QUOTE_OPEN = "“\"‘'«"
ELLIPSIS = re.compile(r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*[”\"’']?\s*$")


def is_boilerplate(p: str) -> bool:
    return len(p) < 240 and bool(BOILERPLATE.match(p.strip()))


def starts_footer(p: str) -> bool:
    return len(p) < 80 and bool(FOOTER_START.match(p.strip()))


def date_line(p: str) -> str | None:
    """ISO date when the paragraph is nothing but a date line, else None."""
    p = p.strip()
    if len(p) > 80:
        return None
    m = DATE_LINE.match(p)
    if not m:
        return None
    if m.group("iso"):
        return real_date(m.group("iso"))
    month = (m.group("month") or m.group("month2")).lower()[:3]
    day = m.group("d1") or m.group("d2")
    year = m.group("y1") or m.group("y2")
    mm = [x[:3] for x in MONTHS].index(month) + 1
    return real_date(f"{ascii_digits(year)}-{mm:02d}-{int(ascii_digits(day)):02d}")


# Publication dates the time expressions can be anchored on: the calendar of modern reporting.
FIRST_YEAR, LAST_YEAR = 1900, 2099


def ascii_digits(s: str) -> str:
    """Arabic-Indic and other Unicode digits as ASCII ("٢٠١٧" → "2017")."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in s)


def real_date(iso: str) -> str | None:
    """`iso` (YYYY, YYYY-MM or YYYY-MM-DD, any digits) when it names a real day, month or
    year between 1900 and 2099, else None: "2017-02-31" and "1850-01-01" are no dates."""
    iso = ascii_digits(iso.strip())
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if not m or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        return None
    if m.group(2) and not 1 <= int(m.group(2)) <= 12:
        return None
    if m.group(3):
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return iso


def byline(p: str) -> str | None:
    m = BYLINE.match(p.strip())
    return m.group("who").strip() if m and len(p) < 120 else None


def could_be_headline(p: str) -> bool:
    words = p.split()
    return 2 <= len(words) <= 30 and "\n" not in p.strip() and not p.rstrip().endswith(":") \
        and p.strip()[0] not in QUOTE_OPEN


def is_caption(p: str) -> bool:
    return len(p.split()) <= 60 and bool(CAPTION.search(p.strip()))


def is_editor_note_paragraph(p: str) -> bool:
    return bool(EDITOR_NOTE_PARAGRAPH.match(p.strip()))


def label_role(label: str) -> str | None:
    low = label.lower().rstrip(".")
    if low in QUESTION_LABELS:
        return "question"
    if low in ANSWER_LABELS:
        return "answer"
    return None


def is_pullquote(p: str, text: str, s: int, e: int) -> bool:
    """A quotation standing alone: truncated teaser, or a sentence repeated from the body."""
    body = p.strip()
    if not body or body[0] not in QUOTE_OPEN or len(body.split()) > 60:
        return False
    if ELLIPSIS.search(body):
        return True
    inner = ELLIPSIS.sub("", body).strip(QUOTE_OPEN + "”’ ")
    if len(inner) < 20:
        return False
    # repeated elsewhere in the text: the quote was lifted out of the article to stand alone
    before, after = text[:s], text[e:]
    return inner in before or inner in after


def inline_furniture(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of page furniture that close the paragraph text[s:e], sorted and apart. The
    tail is cut at each cue, so a credit line ("Editing by NAME") is a span of its own."""
    tails = [m.start() for m in FURNITURE_TAIL.finditer(text, s, e)
             # a writer's credit closes a report; "reporting by X found" in prose does not
             if " by " not in m.group() or e - m.start() < CREDIT_REACH]
    end = tails[0] if tails else e
    runs = tag_runs(text, s, end)
    for m in RELATED_LIST.finditer(text, s, end):
        if any(a == m.start() for a, _ in runs):
            continue  # keywords a sentence of the report follows
        # a bare "Related" opens a list only at a page's seam: after a sentence or a counter
        before = text[max(s, m.start() - 8):m.start()]
        if m.start() > s and m.group() == "Related " and not re.search(
                r"(?:[.\d)\]”\"]|\bViews|\bPrint|\bTweet)\s*$", before):
            continue
        if SENTENCE_END.search(text, m.end(), end) is None:
            end = m.start()
            break
    cuts = [end, *(t for t in tails if t > end), e]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]
    return [*((a, b) for a, b in runs if b <= end), *spans]


def tag_runs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The keyword runs ("Tags Syria Aleppo airstrikes ") inside text[s:e] that a sentence of
    the report follows, each up to that sentence's first word (see `TAG_RUN`)."""
    out: list[tuple[int, int]] = []
    pos = s
    for m in TAG_RUN.finditer(text, s, e):
        if m.start() < pos:
            continue
        stop = SENTENCE_END.search(text, m.end(), e)
        words = list(re.finditer(r"\S+", text[m.end():stop.start() + 3 if stop else e]))
        verb = next((i for i, w in enumerate(words) if _finite(w.group())), None)
        if verb is None:
            # no clause before the full stop: keywords up to there, if no word joins them
            bare = not any(w.group() in TAG_FUNCTION_WORDS for w in words)
            start = stop.end() - 1 if stop and bare else None
        else:
            first = _subject_start([w.group() for w in words[:verb]])
            start = m.end() + words[first].start() if first else None
        if start is not None:
            out.append((m.start(), start))
            pos = start
    return out


def _finite(word: str) -> bool:
    w = word.strip(",;:\"“”")
    return w in FINITE_VERBS or (w.islower() and w.isalpha() and len(w) > 4 and w.endswith("ed"))


def _subject_start(words: list[str]) -> int | None:
    """Index of the word that opens the clause whose verb follows `words`; None when the
    run has no keyword before it (the clause starts at "Tags" itself, or is unclear)."""
    for i, w in enumerate(words):
        if w in TAG_OPENERS or (w[:1].isdigit() and i and not words[i - 1][:1].isdigit()):
            return i
    for j in range(len(words) - 1, -1, -1):
        if not _capitalised(words[j]):
            continue
        before = words[max(0, j - 2):j]
        if before and not _capitalised(before[-1]) and any(b in TAG_FUNCTION_WORDS for b in before):
            continue
        return j
    return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()
