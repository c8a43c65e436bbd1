"""Mentions out of processed Docs: our labels, clean boundaries, character offsets.

This is where spaCy's entities become our own `Mention`s; nothing spaCy leaves here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from allegiance.model import Mention
from allegiance.nlp.components import MENTIONS
from allegiance.nlp.gazetteer import split_key

# Model and ruler labels → our mention labels. A model ORG stays ORG even when it is an
# armed group the gazetteer does not know: the resolver decides that later. Labels not
# listed (CARDINAL, MONEY, EVENT, LAW, ...) name no entity and are not mentions.
MENTION_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "GROUP": "GROUP",
    "ORG": "ORG",
    "PLACE": "PLACE",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FACILITY": "FACILITY",
    "FAC": "FACILITY",
    "HANDLE": "HANDLE",
    "HASHTAG": "HASHTAG",
    "URL": "URL",
    "DATE": "DATE",
    "NORP": "NORP",
}
# A name's extent follows re3d and ACE: an article the parser attaches to the name belongs
# to the mention ("the Coalition", "the Syrian Democratic Forces"), a trailing possessive
# does not. Persons take no article; dates, handles and URLs keep their span as found.
_ARTICLE_LABELS = frozenset({"GROUP", "ORG", "PLACE", "FACILITY"})
_NAME_LABELS = _ARTICLE_LABELS | {"PERSON", "NORP"}
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True, slots=True)
class KeyedMention:
    """A mention with the gazetteer keys its text matched (none, one, or several)."""

    mention: Mention
    keys: tuple[str, ...] = ()

    @property
    def key(self) -> str | None:
        """The gazetteer key when exactly one entry has this name, else None."""
        return self.keys[0] if len(self.keys) == 1 else None


def extract_mentions(doc: Doc, *, document_id: str, extractor: str = MENTIONS) -> list[Mention]:
    """The mentions of `doc`, in text order, with offsets into `doc.text`."""
    found = extract_mentions_with_keys(doc, document_id=document_id, extractor=extractor)
    return [keyed.mention for keyed in found]


def extract_mentions_with_keys(
    doc: Doc, *, document_id: str, extractor: str = MENTIONS
) -> list[KeyedMention]:
    """Like `extract_mentions`, with the gazetteer keys of ruler hits."""
    mentions = []
    text = doc.text  # built anew on every access: once per Doc, not per mention
    for ent in doc.ents:
        label = MENTION_LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = _boundaries(ent, label=label)
        if start >= end:
            continue
        mention = Mention(
            document_id=document_id,
            start=start,
            end=end,
            text=text[start:end],
            label=label,
            extractor=extractor,
        )
        mentions.append(KeyedMention(mention=mention, keys=split_key(ent.ent_id_)))
    return mentions


def _boundaries(ent: Span, *, label: str) -> tuple[int, int]:
    """Character offsets of `ent` without edge whitespace, with its article, without 's."""
    doc = ent.doc
    first, last = ent.start, ent.end
    while first < last and doc[first].is_space:
        first += 1
    while first < last and (
        doc[last - 1].is_space or (label in _NAME_LABELS and doc[last - 1].text in _POSSESSIVES)
    ):
        last -= 1
    if first == last:
        return ent.start_char, ent.start_char
    if label in _ARTICLE_LABELS and first == ent.start and _has_article(ent):
        first -= 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)


def _has_article(ent: Span) -> bool:
    """Whether the token before `ent` is "the", attached by the parser to a word of `ent`."""
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.lower_ == "the" and before.dep_ == "det" and ent.start <= before.head.i < ent.end


def process_texts(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1
) -> Iterator[Doc]:
    """Run `nlp` over `texts` in batches (for benchmarks and bulk ingestion)."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
