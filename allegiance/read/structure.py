"""Structure stage: an article's text or HTML → metadata and typed segments.

The cascade, in order:

1. HTML goes through trafilatura (main text, title, date, author, site name); its
   paragraphs are joined with blank lines, and that plain text is the document text
   every later offset points into. Plain text is kept exactly as given.
2. The text is cut into paragraphs (blank-line separated; single newlines when the
   text has no blank line at all).
3. Each paragraph is classified by the cues in `structure_cues.py` (data, not code):
   boilerplate (reading time, share/subscribe footers, date and byline lines),
   headline, teaser and stand-alone pull-quotes, photo captions, questions and
   answers of an interview (Q:/A:, "Interviewer:", bold or plain name labels, and
   unlabelled answer paragraphs that follow a question), lede, body.
4. Editor's notes (`[Ed.: …]`, `[Editor's note: …]`, `(Editor’s note: …)`) are cut
   out of whatever paragraph holds them as segments of their own.
5. Page furniture inside a paragraph (texts stored without line breaks: a closing
   "Reporting by … Our Standards:…" credit, "Related News" and keyword lists, share
   counters, comment widgets) is cut out as boilerplate (`cues.inline_furniture`).

Speakers here are labels ("A", "Haddad", None); the entity stage turns them into
entity ids once it knows who is who.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from allegiance.errors import BadDateError, EmptyInputError, MissingDateError, NoArticleError
from allegiance.read import cues
from allegiance.read.inputs import Source


@dataclass
class Seg:
    kind: str
    start: int
    end: int
    label: str | None = None  # the speaker label as written ("A", "Q", "Haddad")


@dataclass
class Structured:
    """The document after the structure stage."""

    text: str
    id: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str = "en"
    segments: list[Seg] = field(default_factory=list)
    warnings: list[MissingDateError | BadDateError] = field(default_factory=list)
    source_name: str = ""

    def segment_at(self, offset: int) -> Seg | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def structure(source: Source, *, published: str | None = None) -> Structured:
    """Read one source into text, metadata and segments."""
    meta: dict[str, str | None] = {}
    if source.html is not None:
        text, meta = html_to_text(source.html, name=source.name)
    else:
        text = (source.text or "").replace("\r\n", "\n").replace("\r", "\n")
    # A lone surrogate (from a JSON "\\ud800") cannot be written as UTF-8: one replacement
    # character each, so offsets stay the same.
    text = _SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise EmptyInputError("the article has no text", input=source.name,
                              hint="Check that the input holds the article text.")
    paras = paragraphs(text)
    captions = set(filter(None, (meta.get("captions") or "").split("\n")))
    known_title = _clean(source.title) or _clean(meta.get("title"))
    segs, found = classify(text, paras, captions=captions, title=known_title)
    doc = Structured(
        text=text,
        id=source.id or text_id(text),
        title=_clean(source.title) or _clean(meta.get("title")) or found.get("title"),
        outlet=source.outlet or meta.get("sitename"),
        byline=meta.get("author") or found.get("byline"),
        url=source.url or meta.get("url"),
        language=guess_language(text),
        segments=segs,
        source_name=source.name,
    )
    if published is not None and iso_date(published) is None:
        raise BadDateError(f"{published!r} is not a publication date", input=source.name,
                           hint="Give a real date between 1900 and 2099 as YYYY-MM-DD (or YYYY-MM, YYYY).")
    given = source.published
    if given is not None and iso_date(given) is None:
        doc.warnings.append(BadDateError(f"the publication date {given!r} is no real date and is ignored",
                                         input=source.name, hint="Fix the record's \"published\" field."))
    doc.published = (iso_date(published) or iso_date(given) or iso_date(meta.get("date"))
                     or found.get("published"))
    if not doc.published:
        doc.warnings.append(MissingDateError(
            "no publication date found; relative dates such as \"last December\" stay unresolved",
            input=source.name, hint="Pass --published YYYY-MM-DD or a \"published\" field."))
    return doc


def _headline(p: str, title: str | None) -> bool:
    """Whether paragraph `p`, before any content, is the headline. Without a known title, one
    that looks like one is; with one, it is the headline only when it is that title (or the
    title cut short, or the title with a site's name added): a report whose record gives its
    title and opens with another short paragraph opens with a summary or its lede ("Minister X
    welcomes the liberation of Y and reiterates support for Z", under the title "Liberation of
    Y"): its events are the report's own statements, not a headline's told again."""
    if title is None:
        return cues.could_be_headline(p)
    q = " ".join(p.split())
    return q == title or (cues.could_be_headline(p) and (q in title or (len(title) >= 20 and q.startswith(title))))


def _more_follows(text: str, rest: list[tuple[int, int]]) -> bool:
    """Whether a paragraph of the report's own words follows (not page furniture, a date
    line or a byline): a text that is one short paragraph is a report, not its headline."""
    return any(not cues.is_boilerplate(p) and cues.date_line(p) is None and cues.byline(p) is None
               for p in (text[s:e] for s, e in rest))


def _clean(s: str | None) -> str | None:
    return " ".join(s.split()) if s and s.strip() else None


def html_to_text(html: str, *, name: str) -> tuple[str, dict[str, str | None]]:
    """Main text of an HTML page, paragraphs joined by blank lines, and its metadata."""
    import trafilatura

    html, captions = _lift_captions(_shallow(html))
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_formatting=False, deduplicate=False, favor_recall=True)
    body = (getattr(result, "text", None) or "") if result is not None else ""
    if len(body.strip()) < 40:
        raise NoArticleError("no article text was found in this HTML page", input=name,
                             hint="Check it is an article page, not an index or login page.")
    lines = [ln.strip() for ln in body.split("\n")]
    text = "\n\n".join(ln for ln in lines if ln)
    meta: dict[str, str | None] = {
        k: getattr(result, k, None) for k in ("title", "date", "author", "sitename", "url")}
    meta["captions"] = "\n".join(captions)
    return text, meta


# libxml2 (under lxml and trafilatura) stops reading a page nested 255 elements deep, so
# such a page, article and all, reads as empty. Past that depth we drop the tags of the
# deepest elements and keep their text: a page only a generator or an attacker nests so
# deep loses its innermost wrappers, every other page is read as it is.
_LXML_DEPTH = 250
MAX_HTML_DEPTH = 100
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _too_deep(html: str) -> bool:
    import lxml.html

    if html.count("<") < _LXML_DEPTH:
        return False
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return False
    # elements _LXML_DEPTH deep: one XPath step a level, in C
    return bool(tree.xpath("/*" * _LXML_DEPTH))


def _shallow(html: str) -> str:
    """The page with every tag below MAX_HTML_DEPTH dropped, when libxml2 would stop reading it."""
    if not _too_deep(html):
        return html
    out, pos, depth = [], 0, 0
    for m in _TAG.finditer(html):
        close, name = m.group(1), m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if close:
            keep, depth = depth <= MAX_HTML_DEPTH, max(0, depth - 1)
        else:
            depth += 1
            keep = depth <= MAX_HTML_DEPTH
        if not keep:
            out.append(html[pos:m.start()])
            pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _lift_captions(html: str) -> tuple[str, list[str]]:
    """Turn <figcaption>s into paragraphs (trafilatura drops them) and remember their text."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html, []
    captions = []
    for cap in tree.iter("figcaption"):
        words = " ".join(cap.text_content().split())
        if not words:
            continue
        captions.append(words)
        figure = next((a for a in cap.iterancestors("figure")), None)
        para = lxml.html.Element("p")
        para.text = words
        if figure is not None and figure.getparent() is not None:
            figure.getparent().replace(figure, para)
        elif cap.getparent() is not None:
            cap.getparent().replace(cap, para)
    return lxml.html.tostring(tree, encoding="unicode"), captions


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty paragraph, trimmed of surrounding whitespace."""
    sep = re.compile(r"\n[ \t]*\n\s*") if re.search(r"\n[ \t]*\n", text) else re.compile(r"\n+")
    out, pos = [], 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            out.append((s, e))
        if m:
            pos = m.end()
    return out


def classify(text: str, paras: list[tuple[int, int]], *, captions: set[str] | frozenset[str] = frozenset(),
             title: str | None = None) -> tuple[list[Seg], dict[str, str]]:
    """Give every paragraph a kind; returns segments and metadata found in the text."""
    found: dict[str, str] = {}
    kinds: list[tuple[str, str | None]] = []
    in_footer = interview = False
    seen_content = False
    labels = _speaker_labels(text, paras)
    for i, (s, e) in enumerate(paras):
        p = text[s:e]
        kind: str
        label: str | None = None
        if in_footer or cues.is_boilerplate(p):
            kind = "boilerplate"
        elif cues.starts_footer(p) and seen_content:
            in_footer, kind = True, "boilerplate"
        elif (d := cues.date_line(p)) is not None:
            kind = "boilerplate"
            found.setdefault("published", d)
        elif (b := cues.byline(p)) is not None:
            kind = "boilerplate"
            found.setdefault("byline", b)
        elif not seen_content and "title" not in found and _headline(p, title) \
                and (title is not None or _more_follows(text, paras[i + 1:])):
            kind = "headline"
            found["title"] = " ".join(p.split())
        elif cues.is_caption(p) or " ".join(p.split()) in captions:
            kind = "caption"
        elif cues.is_pullquote(p, text, s, e):
            kind = "pullquote"
        elif (lab := labels.get(i)) is not None:
            kind, label = lab
            interview = True
        elif cues.is_editor_note_paragraph(p):
            kind = "editor_note"
        elif interview:
            kind = "answer"
        else:
            kind = "lede" if not any(k == "lede" for k, _ in kinds) else "body"
        if kind in ("lede", "body", "question", "answer"):
            seen_content = True
        kinds.append((kind, label))
    segs: list[Seg] = []
    for (s, e), (kind, label) in zip(paras, kinds, strict=True):
        for seg in _split_notes(text, s, e, kind, label):
            segs.extend(_split_furniture(text, seg))
    return segs, found


def _split_furniture(text: str, seg: Seg) -> list[Seg]:
    """Cut page furniture a paragraph holds inline (a text whose line breaks were lost:
    "… Reporting by X; Editing by Y Our Standards:…", "Related News …") out as boilerplate."""
    if seg.kind not in ("lede", "body", "answer"):
        return [seg]
    out: list[Seg] = []
    pos = seg.start
    for a, b in cues.inline_furniture(text, seg.start, seg.end):
        if text[pos:a].strip():
            out.append(Seg(seg.kind, *_trim(text, pos, a), seg.label))
        out.append(Seg("boilerplate", *_trim(text, a, b)))
        pos = b
    if text[pos:seg.end].strip():
        out.append(Seg(seg.kind, *_trim(text, pos, seg.end), seg.label))
    return out


def _split_notes(text: str, s: int, e: int, kind: str, label: str | None) -> list[Seg]:
    """Cut editor's notes out of a paragraph; the rest keeps the paragraph's kind."""
    if kind in ("boilerplate", "editor_note"):
        return [Seg(kind, s, e, label)]
    out: list[Seg] = []
    pos = s
    for m in cues.EDITOR_NOTE.finditer(text, s, e):
        if text[pos:m.start()].strip():
            a, b = _trim(text, pos, m.start())
            out.append(Seg(kind, a, b, label))
        out.append(Seg("editor_note", m.start(), m.end()))
        pos = m.end()
    if text[pos:e].strip():
        a, b = _trim(text, pos, e)
        out.append(Seg(kind, a, b, label))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _speaker_labels(text: str, paras: list[tuple[int, int]]) -> dict[int, tuple[str, str | None]]:
    """Paragraph index → ("question"|"answer", label) for labelled interview turns.

    Fixed labels (Q:, A:, Interviewer:) decide at once. Name labels ("Haddad:",
    "**Omar:**") count only when at least two paragraphs carry them; the label whose
    turns mostly end in "?" is the interviewer.
    """
    found: dict[int, tuple[str, str | None]] = {}
    by_name: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(paras):
        m = cues.TURN_LABEL.match(text, s, e)
        if not m:
            continue
        label = m.group("label")
        role = cues.label_role(label)
        if role:
            found[i] = (role, label)
        else:
            by_name.setdefault(label, []).append(i)
    # one "DARAA:" dateline or "Update:" is no interview; a name that opens two turns is
    named = {k: v for k, v in by_name.items()
             if len(v) >= 2 and k.lower() not in cues.NOT_SPEAKERS}
    if named and (found or len(named) >= 2):
        for label, idxs in named.items():
            asks = sum(text[paras[i][0]:paras[i][1]].rstrip().endswith("?") for i in idxs)
            role = "question" if asks * 2 > len(idxs) else "answer"
            for i in idxs:
                found[i] = (role, label)
    return found


def iso_date(value: str | None) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a metadata or user string."""
    if not value:
        return None
    value = cues.ascii_digits(value.strip())
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return cues.real_date(value)
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]", value)
    if m:
        return cues.real_date(m.group(1))
    return cues.date_line(value)


def guess_language(text: str) -> str:
    """"en", "ar" or "und": enough to warn when a non-English article comes in."""
    sample = text[:5000]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in sample)
    letters = sum(c.isalpha() for c in sample) or 1
    if arabic / letters > 0.5:
        return "ar"
    words = re.findall(r"[a-z]+", sample.lower())
    hits = sum(w in cues.ENGLISH_FUNCTION_WORDS for w in words)
    return "en" if words and hits / len(words) > 0.12 else "und"
