"""The analysis run on each new document inside its transaction: spaCy, then resolution.

`build_analysis(settings)` loads the model, the actor gazetteer and the places index once;
`DocumentAnalysis.process` then stores one document's mentions, the entities they mint and
the claims inferred from names, atomically with the document itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from allegiance.model import Argument, Claim, Document, FuzzyDate, Hedge, Quote
from allegiance.nlp.analysis import Analyser, TextJob
from allegiance.nlp.claims import SpanRef
from allegiance.nlp.gazetteer import GazetteerTerm, terms_from_actors, terms_from_places
from allegiance.resolve.actors import ActorGazetteer, load_actors
from allegiance.resolve.grading import GradingTable, load_grading
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.places import PlaceIndex, default_place_index
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase
from allegiance.workflow.claims import DraftSource, to_claims
from allegiance.workflow.gazetteer import seed_actors
from allegiance.workflow.resolution import DocumentContext, Resolver

ACTIVITY_EXTRACTOR = "allegiance.activity.v1"


def post_author(document: Document) -> SpanRef | None:
    """The account that wrote a post, as the subject of its first-person statements."""
    if document.platform not in {"x", "telegram"} or not document.account:
        return None
    handle = document.account if document.account.startswith("@") else f"@{document.account}"
    return SpanRef(0, 0, handle, "HANDLE")


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

    def __init__(
        self, analyser: Analyser, gazetteers: Gazetteers, *, grading: GradingTable | None = None
    ) -> None:
        self.analyser = analyser
        self.gazetteers = gazetteers
        self.resolver = Resolver(actors=gazetteers.actors, places=gazetteers.places)
        self.grading = grading or load_grading()
        self._seeded = False

    def process(self, session: Session, document: Document, document_id: str) -> None:
        kb = KnowledgeBase(session)
        if not self._seeded:
            seed_actors(kb, self.gazetteers.actors)
        published = document.published.date() if document.published else None
        author = post_author(document)
        job = TextJob(document_id, document.text, published, author)
        analysis = self.analyser.analyse(job)
        context = self.resolver.resolve(kb, document, analysis)
        resolution = context.result
        for mention in resolution.mentions:
            kb.add_mention(mention)
        source = DraftSource(document, document_id, resolution.mentions, analysis.dates, context)
        claims = [
            *resolution.claims,
            *to_claims(analysis.claims, source=source, kb=kb, resolver=self.resolver,
                       grading=self.grading),
        ]  # fmt: skip
        if author is not None:
            claims.append(self._activity(kb, document, document_id, author, context))
        for claim in claims:
            kb.add_claim(claim)
        self._seeded = True

    def _activity(
        self,
        kb: KnowledgeBase,
        document: Document,
        document_id: str,
        author: SpanRef,
        context: DocumentContext,
    ) -> Claim:
        """A post is evidence that its account was active that day (first/last post seen
        are read off these claims)."""
        account_id = self.resolver.resolve_span(kb, context, author.text, label="HANDLE")
        assert account_id is not None
        text = document.text
        return Claim(
            type="account.activity",
            subject_id=account_id,
            document_id=document_id,
            extractor=ACTIVITY_EXTRACTOR,
            quote=Quote(text, 0, len(text)),
            object=Argument(literal="post"),
            date=FuzzyDate.day(document.published.date()) if document.published else None,
            hedge=Hedge.ASSERTED,
            confidence=0.95,
            grade=self.grading.grade(document.source, Hedge.ASSERTED),
            qualifiers={"activity": "post", "platform": document.platform},
        )

    def abandon(self) -> None:
        """The document's transaction rolled back: forget what it minted."""
        self.resolver.invalidate()
        self._seeded = False


def build_analysis(settings: Settings) -> DocumentAnalysis:
    gazetteers = load_gazetteers()
    analyser = Analyser.build(settings, terms=ruler_terms(gazetteers))
    return DocumentAnalysis(analyser, gazetteers, grading=load_grading(settings.grading))
