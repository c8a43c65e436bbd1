"""Briefs: what an analyst would write about a person, group or place, as data.

A `Brief` is sections of sentences; every sentence is a plain template over claims,
affiliations, control periods or events and carries the footnotes of the claims behind
it (source, date, grade, hedge, quote). What no claim supports is not stated. Uncertain
items (uncorroborated or contested claims, denials, a nationality read off a nisba) go
to "Open questions".

With `as_of`, the brief is written from what was known that day: claims dated later,
and claims from documents published later, are left out (`KnownReader`).
Renderers live in `export.brief_markdown` and `export.brief_html`; docs/briefs.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allegiance.model import EntityKind
from allegiance.query.brief_sections import entity_sections, place_sections
from allegiance.query.brief_writer import (
    BriefWriter,
    Footnote,
    KnownReader,
    Section,
    Sentence,
)
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase

__all__ = ["Brief", "Footnote", "Section", "Sentence", "build_brief"]

PLACE_KINDS = frozenset({EntityKind.PLACE, EntityKind.FACILITY})


@dataclass(frozen=True, slots=True)
class Brief:
    """A brief on one entity. `summary` and section titles state no fact; `not_found`
    names the sections for which no claim was found."""

    entity_id: str
    title: str
    kind: EntityKind
    summary: str
    as_of: date | None
    sections: tuple[Section, ...]
    not_found: tuple[str, ...] = ()

    def footnotes(self) -> list[Footnote]:
        """Every footnote once, in order of first citation (the numbering renderers use)."""
        cited: dict[str, Footnote] = {}
        for section in self.sections:
            for sentence in section.sentences:
                for footnote in sentence.footnotes:
                    cited.setdefault(footnote.claim_id, footnote)
        return list(cited.values())


def build_brief(kb: KnowledgeBase, entity_id: str, *, as_of: date | None = None) -> Brief:
    """The brief on a person, group, organization or account, or on a place or facility."""
    reader = ClaimReader(kb) if as_of is None else KnownReader(kb, as_of)
    writer = BriefWriter(reader, as_of)
    entity = kb.get_entity(reader.canonical(entity_id))
    is_place = entity.kind in PLACE_KINDS
    drafted = place_sections(writer, entity) if is_place else entity_sections(writer, entity)
    sections = tuple(Section(title, tuple(s)) for title, s in drafted if s)
    return Brief(
        entity_id=entity.id,
        title=entity.name,
        kind=entity.kind,
        summary=_summary(entity.kind, entity.attributes, as_of),
        as_of=as_of,
        sections=sections,
        not_found=tuple(title for title, found in drafted if not found),
    )


def _summary(kind: EntityKind, attributes: dict[str, object], as_of: date | None) -> str:
    """The line under the title: what the brief is about and as of when (no claim)."""
    words = [f"Brief on a {kind.value}"]
    where = [attributes.get(key) for key in ("feature", "admin1", "country")]
    if kind in PLACE_KINDS and any(where):
        words.append("(gazetteer: " + ", ".join(str(w) for w in where if w) + ")")
    words.append(f"as known on {as_of.isoformat()}" if as_of else "from every claim stored")
    return " ".join(words) + "."
