"""Names in page furniture are nobody's: mentions inside boilerplate segments are dropped.

The structure stage marks a page's furniture as boilerplate (share and comment widgets,
"Related News" and keyword lists, a site's standards note, copyright), and share counters
inside a paragraph ("Print Tweet Views 2494", `cues.FURNITURE_SPAN`) are furniture too:
no reader codes "Thomson Reuters Trust Principles" or the people in another story's
headline. Two kinds of names stay:

- the writers a byline or credit line names ("By NAME", "Reporting by NAME; Editing by
  NAME"), people, cut at the line's end ("Editing by NAME Our Standards" is NAME);
- a name that starts in the report and runs into the furniture after it keeps the part
  in the report.
"""

from __future__ import annotations

import re
from dataclasses import replace

from allegiance.extraction.article import Article, Mention
from allegiance.read import cues


def drop_furniture(article: Article) -> Article:
    """The article with no mention inside page furniture (the writers of a credit line kept)."""
    text = article.text
    junk = sorted([(s.start, s.end) for s in article.structured.segments if s.kind == "boilerplate"]
                  + [(m.start(), m.end()) for m in cues.FURNITURE_SPAN.finditer(text)])
    if not junk:
        return article
    credits = {(s, e) for s, e in junk if cues.CREDIT_LINE.match(text, s, e)}
    kept: list[Mention] = []
    for m in article.mentions:
        box = next(((s, e) for s, e in junk if s <= m.start < e), None)
        if box is None:
            # a name running from the report into the furniture keeps its report part
            cut = next((s for s, _ in junk if m.start < s < m.end), None)
            kept.append(m if cut is None else _clipped(text, m, cut))
        elif box in credits and (m.type == "PERSON" or (m.type == "ORG" and m.source == "ner" and not m.kb_id)):
            # NER reads "Editing by NAME Our Standards" as an organisation
            m = replace(m, type="PERSON")
            kept.append(m if m.end <= box[1] else _clipped(text, m, box[1]))
    article.mentions = [m for m in kept if m.end > m.start]
    return article


def _clipped(text: str, m: Mention, end: int) -> Mention:
    end = len(text[m.start:end].rstrip(" ;,.:-|")) + m.start
    words = text[m.start:end]
    if not re.search(r"[A-Z]", words):
        return replace(m, end=m.start, text="")
    return replace(m, end=end, text=words, kb_id=m.kb_id if words == m.text else None)
