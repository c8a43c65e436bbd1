"""Gazetteer terms, the EntityRuler patterns built from them, and the filter after the ruler.

Terms come from the actor gazetteer (`terms_from_actors`) and from place records
(`terms_from_places`). The ruler matches names case-insensitively (attribute LOWER) and
acronyms exactly ("IS" is not "is"). A name several entries share ("Nusra", "ISIS")
becomes one pattern whose id lists every candidate key, joined by `KEY_SEPARATOR`: the
resolver, which knows the report's date, chooses between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span

from allegiance.nlp.components import GAZETTEER_FILTER, factory_name

if TYPE_CHECKING:
    from allegiance.resolve.actors import ActorGazetteer

GROUP, ORG, PERSON, PLACE, FACILITY = "GROUP", "ORG", "PERSON", "PLACE", "FACILITY"
GAZETTEER_LABELS = frozenset({GROUP, ORG, PERSON, PLACE, FACILITY})
KEY_SEPARATOR = "|"
_PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})

_ACTOR_LABELS = {"group": GROUP, "organization": ORG, "person": PERSON}

Pattern = dict[str, object]


@dataclass(frozen=True, slots=True)
class GazetteerTerm:
    """One name of a gazetteer entry: its text, the entity label and the entry's key."""

    text: str
    label: str
    key: str

    def __post_init__(self) -> None:
        if self.label not in GAZETTEER_LABELS:
            raise ValueError(
                f"gazetteer label {self.label!r} is not one of {sorted(GAZETTEER_LABELS)}"
            )
        if not self.text.strip() or not self.key:
            raise ValueError(f"gazetteer term needs a text and a key: {self!r}")

    @property
    def is_acronym(self) -> bool:
        """Capitals only ("IS", "YPG"): matched case-sensitively, so "is" is not "IS".

        Scripts without case (Arabic) have neither capitals nor lower-case letters.
        """
        return any(char.isupper() for char in self.text) and not any(
            char.islower() for char in self.text
        )


@dataclass(frozen=True, slots=True)
class RulerPatterns:
    """Phrase patterns for two EntityRulers, and the terms left out.

    `names` are matched case-insensitively (attribute LOWER), `acronyms` exactly (ORTH).
    """

    names: tuple[Pattern, ...]
    acronyms: tuple[Pattern, ...]
    skipped: tuple[GazetteerTerm, ...]


def terms_from_actors(gazetteer: ActorGazetteer) -> Iterator[GazetteerTerm]:
    """Every name and alias of every actor, keyed "actor:<key>"."""
    for actor in gazetteer.actors:
        for name in actor.names:
            yield GazetteerTerm(
                text=name, label=_ACTOR_LABELS[actor.kind], key=f"actor:{actor.key}"
            )


def terms_from_places(records: Iterable[object]) -> Iterator[GazetteerTerm]:
    """Every name of place records (anything with `key`, `kind`, `name` and `names`)."""
    for record in records:
        key = getattr(record, "key", None)
        if not key:
            raise TypeError(f"a place record needs a `key`: {record!r}")
        label = FACILITY if getattr(record, "kind", "place") == "facility" else PLACE
        names = [
            getattr(record, "name", ""),
            *(getattr(name, "name", "") for name in getattr(record, "names", ())),
        ]
        if _known_town(record):
            names += [bare for name in names if (bare := without_article(name))]
        for text in dict.fromkeys(name for name in names if name and name.strip()):
            yield GazetteerTerm(text=text, label=label, key=str(key))


# A Latin-script name's leading Arabic article ("Al-Bukamal", "al Mayadin", "Ad-Dawr").
_ARTICLE = re.compile(r"^(?:a[lrstdzn]|ash|el|ul)[- ](?=[A-Z])", re.IGNORECASE)
# Towns at least this populous are also found without their article ("Bukamal"): reports
# drop it as often as not. Smaller places are not, since a bare "Rashid" or "Hamdan" is as
# likely a person's name.
_BARE_NAME_POPULATION = 10_000


def without_article(name: str) -> str | None:
    """`name` without a leading Arabic article, or None when it has none (or too little is
    left to be a name)."""
    bare = _ARTICLE.sub("", name.strip(), count=1)
    return bare if bare != name.strip() and len(bare) >= 4 else None


def _known_town(record: object) -> bool:
    population = getattr(record, "population", 0)
    return isinstance(population, int) and population >= _BARE_NAME_POPULATION


def ruler_patterns(
    terms: Iterable[GazetteerTerm], *, stop_words: Iterable[str] = ()
) -> RulerPatterns:
    """One pattern per distinct name; names too short or that are stop words are skipped.

    Where a name belongs to entries of different labels, the first term seen sets the label.
    """
    stops = {word.casefold() for word in stop_words}
    groups: dict[tuple[bool, str], list[GazetteerTerm]] = {}
    skipped = []
    for term in terms:
        text = " ".join(term.text.split())
        if len(text) < 2 or (not term.is_acronym and text.casefold() in stops):
            skipped.append(term)
            continue
        form = text if term.is_acronym else text.lower()
        groups.setdefault((term.is_acronym, form), []).append(term)
    patterns: dict[bool, list[Pattern]] = {False: [], True: []}
    for (acronym, _), group in groups.items():
        key = KEY_SEPARATOR.join(dict.fromkeys(term.key for term in group))
        text = " ".join(group[0].text.split())
        patterns[acronym].append({"label": group[0].label, "pattern": text, "id": key})
    return RulerPatterns(
        names=tuple(patterns[False]), acronyms=tuple(patterns[True]), skipped=tuple(skipped)
    )


def split_key(ent_id: str) -> tuple[str, ...]:
    """The candidate keys a ruler pattern id carries ("" → none)."""
    return tuple(key for key in ent_id.split(KEY_SEPARATOR) if key)


def find_doubtful_hits(doc: Doc) -> list[Span]:
    """Gazetteer hits of one word that the ruler cannot judge alone.

    - a lower-case word: gazetteer names are capitalised, so "amnesty" or "wagner" in
      running text is a common noun, not Amnesty International or the Wagner Group;
    - a word inside a longer proper name (a neighbour tagged NNP/NNPS): "Ali" in "Ali
      Hussein" or "Sultan" in "Sultan Murad Division" is part of another name.
    """
    return [
        ent
        for ent in doc.ents
        if ent.ent_id_
        and ent.label_ in GAZETTEER_LABELS
        and len(ent) == 1
        and (ent[0].is_lower or _in_longer_name(ent))
    ]


def _in_longer_name(ent: Span) -> bool:
    """A neighbour is a proper noun (not one capitalised only because it starts a sentence)."""
    doc = ent.doc
    before = [doc[ent.start - 1]] if ent.start > 0 and not doc[ent.start - 1].is_sent_start else []
    after = [doc[ent.end]] if ent.end < len(doc) else []
    return any(token.tag_ in _PROPER_NOUN_TAGS and not token.ent_id_ for token in before + after)


@Language.component(factory_name(GAZETTEER_FILTER), requires=["doc.ents"], assigns=["doc.ents"])
def gazetteer_filter(doc: Doc) -> Doc:
    """Find the gazetteer hits that are doubtful; drop them so the model can judge.

    A dropped hit leaves no key behind: an entity's key is read from its tokens, so a key
    left on "Dawla" would make the person the model finds in "Sayf al-Dawla" the group.
    """
    doubtful = find_doubtful_hits(doc)
    if doubtful:
        dropped = {(ent.start, ent.end) for ent in doubtful}
        doc.ents = [ent for ent in doc.ents if (ent.start, ent.end) not in dropped]
        for token in (token for ent in doubtful for token in ent):
            # Setting `doc.ents` resets a token's label but keeps its ids.
            token.ent_id = 0
            token.ent_kb_id = 0
    return doc
