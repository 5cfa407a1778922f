"""References a fact rests on become mentions of their entity.

A rule that reads "The group was founded by NAME" or "support Iraqi forces in their
campaign to defeat this terrorist group" resolves "the group", "this terrorist group",
"its", "they" to the group named before (parse.resolve). The fact names that group; its
evidence says "the group". So that a reader (and a judge that matches arguments by span,
as re3d's does) finds the group at the words that stand for it, each such reference in a
fact's evidence that resolves to one of the fact's arguments is added to that entity's
mentions, of kind "descriptor" (the kind the coreference stage gives "the Hama native").

Only references inside a stated fact count, and only for an argument the sentence does
not name ("The army supports NAME" adds no "the army" to NAME), unless the rule that
stated the fact said which words stand for which argument (`Cand.refs`: "its" in "X was
one of its constituent groups", "the Iraqi commander" in "appointed as the Iraqi
commander for Y"). A "the group" no fact uses stays unresolved, as before. Nothing else
changes: facts, names and aliases stay as they were.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from allegiance.extraction.article import Mention
from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts.parse import Reading, Sentence, resolve

if TYPE_CHECKING:
    from spacy.tokens import Token

    from allegiance.extraction.facts.frames import Cand
    from allegiance.model import Fact

_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
_REFERRING_NOUNS = R.GROUP_NOUNS | R.GOVERNMENT_NOUNS | R.ARMED_PEOPLE
_LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod"})


def add_reference_mentions(rd: Reading, facts: list[Fact], cands: list[Cand]) -> None:
    """Adds, for each fact, the references in its sentence that stand for its arguments:
    first those a rule named (`Cand.refs`), then any other that resolves to an argument."""
    article = rd.article
    stated = {(f.predicate, tuple(sorted(f.args.items())), f.evidence.start) for f in facts}
    taken = [(m.start, m.end) for m in article.mentions]
    added: list[Mention] = []
    for c in cands:
        if c.refs and (c.predicate, tuple(sorted(c.args.items())), c.sent.start) in stated:
            for tok, eid in c.refs:
                _add(rd, c.sent, tok, eid, taken, added)
    by_span = {(s.start, s.end): s for s in rd.sentences if s.doc is not None}
    names = sorted((m.start, m.end, m.entity or "") for m in article.mentions
                   if m.kind not in ("pronoun", "descriptor"))
    starts = [n[0] for n in names]
    for f in facts:
        s = by_span.get((f.evidence.start, f.evidence.end))
        if s is None:
            continue
        # a group the sentence names is not also "the army" or "its" of that sentence (these
        # are most often another group), unless a rule said so (above)
        named = {e for _, end, e in names[bisect_left(starts, s.start):bisect_right(starts, s.end)]
                 if end <= s.end}
        args = {v for k, v in f.args.items() if not k.endswith("_text")} - named
        for tok in _references(s) if args else []:
            found = resolve(rd, s, tok)
            if found is not None and found[0] in args:
                _add(rd, s, tok, found[0], taken, added)
    if added:
        article.mentions = sorted([*article.mentions, *added], key=lambda m: (m.start, -m.end))


def _add(rd: Reading, s: Sentence, tok: Token, eid: str, taken: list[tuple[int, int]],
         added: list[Mention]) -> None:
    """A mention of `eid` at the reference `tok`, unless its words already are a mention."""
    start, end = _span(s, tok)
    ent = rd.article.entity(eid)
    if ent is None or end <= start or any(a < end and start < b for a, b in taken):
        return
    m = Mention(start=start, end=end, text=rd.article.text[start:end], type=ent.type,
                source="coref", kind="descriptor", entity=ent.id)
    ent.mentions.append(m)
    added.append(m)
    taken.append((start, end))


def _references(s: Sentence) -> list[Token]:
    """Tokens that may stand for a group named elsewhere: a group pronoun, or a definite
    group noun ("the group", "this terrorist organisation", "the regime")."""
    assert s.doc is not None
    out = []
    for tok in s.doc:
        if s.unit(tok) is not None:
            continue
        pronoun = tok.pos_ == "PRON" and tok.lower_ in _PRONOUNS
        if pronoun or (tok.pos_ == "NOUN" and tok.lemma_.lower() in _REFERRING_NOUNS and any(
                c.dep_ == "det" and c.lower_ in _DETERMINERS for c in tok.children)):
            out.append(tok)
    return out


def _span(s: Sentence, tok: Token) -> tuple[int, int]:
    """The words of the reference: the noun with its determiner and modifiers before it."""
    first = min([tok.i, *(c.i for c in tok.children if c.i < tok.i and c.dep_ in _LEFT_DEPS)])
    assert s.doc is not None
    return s.orig(s.doc[first])[0], s.orig(tok)[1]
