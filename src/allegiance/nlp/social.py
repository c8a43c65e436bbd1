"""Social-media tokens: @handles, #hashtags and URLs, kept whole and marked as entities."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from allegiance.nlp.components import SOCIAL_TOKENS, factory_name

HANDLE, HASHTAG, URL = "HANDLE", "HASHTAG", "URL"

# X/Twitter handles are at most 15 word characters, Telegram ones at most 32.
_HANDLE = re.compile(r"@[A-Za-z0-9_]{1,32}")
# A hashtag has at least one letter ("#1" is a number), in any script.
_HASHTAG = re.compile(r"#(?=\w*[^\W\d_])\w+")
_SOCIAL_TOKEN = re.compile(rf"^(?:{_HANDLE.pattern}|{_HASHTAG.pattern})$")
_URL_START = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


def keep_social_tokens(nlp: Language) -> None:
    """Make the tokenizer keep "@some_handle" and "#Hashtag" as single tokens.

    English tokenizers split "#" off as a prefix before any token match is tried, so the
    prefix pattern is told to leave a hashtag alone; the token match then keeps it whole.
    URLs are already kept whole by spaCy's `url_match`. Both stay compiled regular
    expressions, so the pipeline can still be saved and pickled.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer has its own rules
    prefix = _compiled(tokenizer.prefix_search)
    if prefix is not None:
        tokenizer.prefix_search = re.compile(
            rf"(?!{_HASHTAG.pattern})(?:{prefix.pattern})", prefix.flags
        ).search
    current = _compiled(tokenizer.token_match)
    if current is not None:
        tokenizer.token_match = re.compile(
            rf"{_SOCIAL_TOKEN.pattern}|(?:{current.pattern})", current.flags
        ).match
    elif tokenizer.token_match is None:
        tokenizer.token_match = _SOCIAL_TOKEN.match


def _compiled(method: object) -> re.Pattern[str] | None:
    """The compiled expression whose `search` or `match` `method` is, if it is one."""
    owner = getattr(method, "__self__", None)
    return owner if isinstance(owner, re.Pattern) else None


def label_of(text: str) -> str | None:
    """HANDLE, HASHTAG or URL when the whole of `text` is one, else None."""
    if _HANDLE.fullmatch(text):
        return HANDLE
    if _HASHTAG.fullmatch(text):
        return HASHTAG
    if _URL_START.match(text) and len(text) > 4:
        return URL
    return None


def find_social_spans(doc: Doc) -> list[Span]:
    """One span per token that is a handle, a hashtag or a URL."""
    spans = []
    for token in doc:
        if token.text[0] in "@#" or token.like_url:
            label = label_of(token.text) or (URL if token.like_url and "/" in token.text else None)
            if label is not None:
                spans.append(Span(doc, token.i, token.i + 1, label=label))
    return spans


def annotate_entities(doc: Doc, spans: list[Span]) -> Doc:
    """Add `spans` to `doc.ents`; an entity they overlap gives way (they are certain)."""
    if spans:
        taken = {span.start for span in spans}
        kept = [ent for ent in doc.ents if not taken.intersection(range(ent.start, ent.end))]
        doc.ents = sorted([*spans, *kept], key=lambda span: span.start)
    return doc


@Language.component(
    factory_name(SOCIAL_TOKENS), assigns=["doc.ents", "token.ent_type", "token.ent_iob"]
)
def social_tokens(doc: Doc) -> Doc:
    """Find handles, hashtags and URLs; annotate them as HANDLE, HASHTAG, URL entities."""
    return annotate_entities(doc, find_social_spans(doc))
