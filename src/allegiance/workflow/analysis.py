"""The analysis run on each new document inside its transaction: spaCy, then resolution.

`build_analysis(settings)` loads the model, the actor gazetteer and the places index once;
`DocumentAnalysis.process` then stores one document's mentions, the entities they mint and
the claims inferred from names, atomically with the document itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from allegiance.model import Document
from allegiance.nlp.analysis import Analyser, TextJob
from allegiance.nlp.gazetteer import GazetteerTerm, terms_from_actors, terms_from_places
from allegiance.resolve.actors import ActorGazetteer, load_actors
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.places import PlaceIndex, default_place_index
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.workflow.gazetteer import seed_actors
from allegiance.workflow.resolution import Resolver

RULER_COUNTRIES = frozenset({"SY", "IQ"})
"""Places of these countries are matched by name in the text (the EntityRuler); places
elsewhere are resolved only when the model itself finds them, which keeps the thousands of
village names of neighbouring countries from matching ordinary words."""


@dataclass(frozen=True, slots=True)
class Gazetteers:
    actors: ActorGazetteer
    places: PlaceIndex


def load_gazetteers(*, extra_places: list[PlaceRecord] | None = None) -> Gazetteers:
    return Gazetteers(load_actors(), default_place_index(extra=extra_places or ()))


def ruler_terms(gazetteers: Gazetteers) -> Iterator[GazetteerTerm]:
    yield from terms_from_actors(gazetteers.actors)
    yield from terms_from_places(
        record
        for record in gazetteers.places.records()
        if record.country in RULER_COUNTRIES or record.kind == "facility"
    )


class DocumentAnalysis:
    """Runs on each newly stored document, inside that document's transaction."""

    def __init__(self, analyser: Analyser, gazetteers: Gazetteers) -> None:
        self.analyser = analyser
        self.gazetteers = gazetteers
        self.resolver = Resolver(actors=gazetteers.actors, places=gazetteers.places)
        self._seeded = False

    def process(self, session: Session, document: Document, document_id: str) -> None:
        kb = KnowledgeBase(session)
        if not self._seeded:
            seed_actors(kb, self.gazetteers.actors)
        published = document.published.date() if document.published else None
        analysis = self.analyser.analyse(TextJob(document_id, document.text, published))
        resolution = self.resolver.resolve(kb, document, analysis)
        for mention in resolution.mentions:
            kb.add_mention(mention)
        for claim in resolution.claims:
            kb.add_claim(claim)
        self._seeded = True

    def abandon(self) -> None:
        """The document's transaction rolled back: forget what it minted."""
        self.resolver.invalidate()
        self._seeded = False


def build_analysis(settings: Settings) -> DocumentAnalysis:
    gazetteers = load_gazetteers()
    analyser = Analyser.build(settings, terms=ruler_terms(gazetteers))
    return DocumentAnalysis(analyser, gazetteers)
