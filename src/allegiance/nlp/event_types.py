"""Event typing: a short event description → ACLED event type and sub-event type.

Three classifiers share one output, a ranked list of `EventType`s:

- `RuleClassifier` matches the cue lexicon of `nlp/data/acled_types.yaml` on lemmas and
  lower-cased words; it abstains (returns []) when no cue matches.
- `TrainedClassifier` (`allegiance.nlp.event_type_model`) is a TF-IDF + linear model the
  user trains on their own labelled descriptions.
- `HybridClassifier` blends the two: the model's probabilities plus a share of the rules'.

Build a `RuleClassifier` with a spaCy pipeline that lemmatises (`load_lemmatiser`); a blank
pipeline works too, matching surface forms only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from allegiance.nlp.event_type_catalogue import (
    CONJUNCTION,
    Catalogue,
    EventType,
    SubEventType,
    load_catalogue,
)
from allegiance.nlp.event_type_model import TrainedClassifier
from allegiance.nlp.pipeline import load_model

RULES_NAME = "allegiance.event_type_rules.v1"
HYBRID_NAME = "allegiance.event_type_hybrid.v1"
_LEMMA_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")

__all__ = [
    "EventType",
    "HybridClassifier",
    "RuleClassifier",
    "TrainedClassifier",
    "load_lemmatiser",
]


def load_lemmatiser(model: str) -> Language:
    """The spaCy model `model` with only the pipes lemmas need (no parser, no NER)."""
    nlp = load_model(model)
    for name in list(nlp.pipe_names):
        if name not in _LEMMA_PIPES:
            nlp.disable_pipe(name)
    return nlp


@dataclass(frozen=True)
class Cue:
    code: str
    text: str
    weight: float
    parts: tuple[str, ...]


class RuleClassifier:
    """Weighted cue matching; each sub-type's score is the sum of its distinct cues' weights.

    Where standalone cues overlap in a description the longest wins, so "suicide car bomb"
    counts for Suicide bomb and not also for the car bomb of Remote explosive/IED. The parts
    of a co-occurrence cue ("army + recapture") match anywhere, independently.
    """

    name = RULES_NAME

    def __init__(self, nlp: Language, *, catalogue: Catalogue | None = None) -> None:
        self.nlp = nlp
        self.catalogue = catalogue or load_catalogue()
        self._lemmas = "lemmatizer" in nlp.pipe_names
        self._cues = [cue for entry in self.catalogue.sub_event_types for cue in _cues(entry)]
        self._phrases = self._build_matcher(cue.text for cue in self._cues if len(cue.parts) == 1)
        parts = {part for cue in self._cues if len(cue.parts) > 1 for part in cue.parts}
        self._parts = self._build_matcher(parts)

    def _build_matcher(self, phrases: Iterable[str]) -> tuple[PhraseMatcher, ...]:
        phrases = sorted(set(phrases))
        surface = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for phrase in phrases:
            surface.add(phrase, [self.nlp.make_doc(phrase)])
        if not self._lemmas:
            return (surface,)
        lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        for phrase, doc in zip(phrases, self.nlp.pipe(phrases), strict=True):
            lemma.add(phrase, [doc])
        return surface, lemma

    def classify(self, text: str) -> list[EventType]:
        """The sub-types whose cues `text` contains, best first; [] when none does."""
        return self.classify_doc(self.nlp(text))

    def classify_many(self, texts: Iterable[str], *, batch_size: int = 64) -> list[list[EventType]]:
        return [self.classify_doc(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    def classify_doc(self, doc: Doc) -> list[EventType]:
        return self.rank_totals(self.match_cues(doc))

    def match_cues(self, doc: Doc) -> dict[str, list[Cue]]:
        """For each sub-type with a matching cue, the cues `doc` matches."""
        found = self._standalone(doc) | self._co_occurring(doc)
        matched: dict[str, list[Cue]] = defaultdict(list)
        for cue in self._cues:
            if cue.text in found:
                matched[cue.code].append(cue)
        return matched

    def rank_totals(self, matched: Mapping[str, Sequence[Cue]]) -> list[EventType]:
        """The sub-types with matched cues, by their summed weight, best first."""
        totals = to_totals(matched)
        return [
            self.catalogue.to_event_type(
                code,
                score=to_strength(totals[code]),
                method="rules",
                evidence=tuple(cue.text for cue in matched[code]),
            )
            for code in sorted(totals, key=lambda code: (-totals[code], code))
        ]

    def _standalone(self, doc: Doc) -> set[str]:
        spans = [
            Span(doc, start, end, label=key)
            for matcher in self._phrases
            for key, start, end in matcher(doc)
        ]
        return {self.nlp.vocab.strings[span.label] for span in filter_spans(spans)}

    def _co_occurring(self, doc: Doc) -> set[str]:
        parts = {self.nlp.vocab.strings[key] for m in self._parts for key, _, _ in m(doc)}
        return {
            cue.text
            for cue in self._cues
            if len(cue.parts) > 1 and all(part in parts for part in cue.parts)
        }


def _cues(entry: SubEventType) -> list[Cue]:
    cues = []
    for text, weight in entry.cues.items():
        parts = tuple(part.strip().casefold() for part in text.split(CONJUNCTION))
        cues.append(Cue(entry.code, CONJUNCTION.join(parts), weight, parts))
    return cues


def to_totals(matched: Mapping[str, Sequence[Cue]]) -> dict[str, float]:
    return {code: sum(cue.weight for cue in cues) for code, cues in matched.items()}


def to_strength(total: float) -> float:
    """A cue total squashed into [0, 1): 1 for ≈0.39, 2 for ≈0.63, 4 for ≈0.86."""
    return 1.0 - math.exp(-total / 2.0)


class HybridClassifier:
    """A model that also reads the rules' cues, blended with the rules' own ranking.

    The model (trained by `train`) sees each sub-type's cue total beside the n-grams, so it
    learns how far to trust each part of the lexicon. Its probabilities are then blended:

        score(code) = (1 - rules_weight) · p_model(code) + rules_weight · share_rules(code)

    where share_rules is the code's part of the total cue weight matched in the text (zero
    everywhere when the rules abstain). An EventType's method says which part contributed
    more to its score; its evidence lists the matched cues, then the model's terms.
    """

    name = HYBRID_NAME

    def __init__(
        self, rules: RuleClassifier, model: TrainedClassifier, *, rules_weight: float = 0.2
    ) -> None:
        self.rules = rules
        self.model = model
        self.rules_weight = rules_weight

    @classmethod
    def train(
        cls,
        rules: RuleClassifier,
        texts: Sequence[str],
        codes: Sequence[str],
        *,
        rules_weight: float = 0.2,
        matched: Sequence[Mapping[str, Sequence[Cue]]] | None = None,
    ) -> HybridClassifier:
        """Train a model on `texts` and `codes` that reads the rules' cues as features.

        `matched` (from `rules.match_cues`, one per text) saves matching the texts again.
        """
        if matched is None:
            matched = [rules.match_cues(doc) for doc in rules.nlp.pipe(texts)]
        model = TrainedClassifier(catalogue=rules.catalogue)
        model.fit(texts, codes, cues=[to_totals(m) for m in matched])
        return cls(rules, model, rules_weight=rules_weight)

    def classify_many(self, texts: Sequence[str]) -> list[list[EventType]]:
        matched = [self.rules.match_cues(doc) for doc in self.rules.nlp.pipe(texts)]
        return self.blend_many(texts, matched)

    def classify(self, text: str) -> list[EventType]:
        return self.classify_many([text])[0]

    def blend_many(
        self, texts: Sequence[str], matched: Sequence[Mapping[str, Sequence[Cue]]]
    ) -> list[list[EventType]]:
        """Rank `texts` whose cues the rules have already matched (`match_cues`)."""
        totals = [to_totals(m) for m in matched]
        cues = totals if self.model.uses_cues else None
        modelled = self.model.rank(texts, cues=cues)
        return [
            self._blend(m, t, model_types)
            for m, t, model_types in zip(matched, totals, modelled, strict=True)
        ]

    def _blend(
        self,
        matched: Mapping[str, Sequence[Cue]],
        totals: Mapping[str, float],
        model_types: list[EventType],
    ) -> list[EventType]:
        weight = self.rules_weight
        whole = sum(totals.values()) or 1.0
        from_rules = {code: weight * total / whole for code, total in totals.items()}
        from_model = {t.code: (1.0 - weight) * t.score for t in model_types}
        model_terms = {t.code: t.evidence for t in model_types}
        codes = set(from_rules) | set(from_model)
        scores = {code: from_rules.get(code, 0.0) + from_model.get(code, 0.0) for code in codes}
        return [
            self.rules.catalogue.to_event_type(
                code,
                score=scores[code],
                method="rules"
                if from_rules.get(code, 0.0) > from_model.get(code, 0.0)
                else "model",
                evidence=(
                    *(cue.text for cue in matched.get(code, ())),
                    *model_terms.get(code, ()),
                ),
            )
            for code in sorted(codes, key=lambda code: (-scores[code], code))
        ]
