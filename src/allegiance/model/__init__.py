"""The domain vocabulary. Imports nothing of ours outside this package."""

from allegiance.model.claim import (
    Argument,
    Claim,
    Grade,
    Hedge,
    PlacePrecision,
    Quantity,
    Quote,
    Review,
)
from allegiance.model.dates import FuzzyDate
from allegiance.model.document import Document, Media, Source
from allegiance.model.entity import Alias, Entity, EntityKind, Script, detect_script
from allegiance.model.errors import (
    AllegianceError,
    ConfigurationError,
    FetchError,
    InputError,
    NotFoundError,
    StoreError,
    TaxonomyError,
)
from allegiance.model.event import Corroboration, Event
from allegiance.model.judgement import Judgement, JudgementKind
from allegiance.model.mention import Mention
from allegiance.model.taxonomy import ClaimType, Taxonomy, load_taxonomy

__all__ = [
    "Alias",
    "AllegianceError",
    "Argument",
    "Claim",
    "ClaimType",
    "ConfigurationError",
    "Corroboration",
    "Document",
    "Entity",
    "EntityKind",
    "Event",
    "FetchError",
    "FuzzyDate",
    "Grade",
    "Hedge",
    "InputError",
    "Judgement",
    "JudgementKind",
    "Media",
    "Mention",
    "NotFoundError",
    "PlacePrecision",
    "Quantity",
    "Quote",
    "Review",
    "Script",
    "Source",
    "StoreError",
    "Taxonomy",
    "TaxonomyError",
    "detect_script",
    "load_taxonomy",
]
