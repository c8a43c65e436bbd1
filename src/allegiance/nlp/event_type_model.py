"""A trained event-type classifier: TF-IDF word and character n-grams + logistic regression.

Train it on your own labelled descriptions (labels are CASE codes such as ARMED_CLASH or
ACLED sub-event type names such as "Armed clash"); no trained model ships with the package.

Saved models are pickles (via joblib). Loading a pickle runs whatever code it names, so
**never load a model file you did not create yourself**: `load` is for files written by
`save` on a machine you trust. A file written by another scikit-learn version is refused
with a message, because its estimators may not behave the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import joblib  # type: ignore[import-untyped]
import numpy as np
import sklearn  # type: ignore[import-untyped]
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.pipeline import FeatureUnion  # type: ignore[import-untyped]

from allegiance.model.errors import ConfigurationError, InputError
from allegiance.nlp.event_type_catalogue import Catalogue, EventType, load_catalogue

MODEL_NAME = "allegiance.event_type_model.v1"
CUE_SCALE = 0.3  # cue totals enter as log1p(total) · CUE_SCALE, beside TF-IDF values ≤ 1
_EVIDENCE_TERMS = 4


def build_features() -> Any:
    """The untrained TF-IDF features: word 1–2-grams and character 2–5-grams."""
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    return FeatureUnion([("words", words), ("chars", chars)])


CueTotals = Mapping[str, float]  # code → summed weight of the rules' cues matched in a text


def to_cue_matrix(totals: Sequence[CueTotals], codes: Sequence[str]) -> Any:
    """Cue totals per text as a dense matrix, one column per code."""
    matrix = np.zeros((len(totals), len(codes)))
    column = {code: index for index, code in enumerate(codes)}
    for row, by_code in enumerate(totals):
        for code, total in by_code.items():
            if code in column:
                matrix[row, column[code]] = np.log1p(total) * CUE_SCALE
    return matrix


class TrainedClassifier:
    """Fit on (description, code) pairs; predict ranked EventTypes with probabilities.

    With `cues` (one `CueTotals` per text, from the rules' matched cues) the rules' cue
    totals are features beside the n-grams, and must then be given to `rank` and `predict`
    too; `HybridClassifier` does this for you.
    """

    name = MODEL_NAME

    def __init__(
        self, *, catalogue: Catalogue | None = None, c: float = 20.0, seed: int = 0
    ) -> None:
        self.catalogue = catalogue or load_catalogue()
        self.features: Any = build_features()
        self.linear: Any = LogisticRegression(
            C=c, class_weight="balanced", max_iter=3000, random_state=seed
        )
        self.cue_codes: tuple[str, ...] = ()
        self.fitted = False

    def fit(
        self, texts: Sequence[str], codes: Sequence[str], *, cues: Sequence[CueTotals] | None = None
    ) -> TrainedClassifier:
        """Train on `texts` labelled with `codes` (codes or ACLED sub-event type names)."""
        if len(texts) != len(codes):
            raise InputError("training data", f"{len(texts)} texts but {len(codes)} labels")
        labels = [self.catalogue.to_code(code) for code in codes]
        if len(set(labels)) < 2:
            raise InputError("training data", "needs at least two different labels")
        self.cue_codes = () if cues is None else tuple(self.catalogue.codes)
        self.features.fit(list(texts))
        self.linear.fit(self._matrix(texts, cues), labels)
        self.fitted = True
        return self

    @property
    def uses_cues(self) -> bool:
        return bool(self.cue_codes)

    @property
    def classes(self) -> list[str]:
        return [str(code) for code in self.linear.classes_]

    def _matrix(self, texts: Sequence[str], cues: Sequence[CueTotals] | None) -> Any:
        ngrams = self.features.transform(list(texts))
        if not self.cue_codes:
            return ngrams.tocsr()
        if cues is None or len(cues) != len(texts):
            raise ConfigurationError(
                "this event-type model was trained with the rules' cues as features: "
                "use it through HybridClassifier"
            )
        matrix = to_cue_matrix(cues, self.cue_codes)
        return sparse.hstack([ngrams, sparse.csr_matrix(matrix)]).tocsr()

    def predict(
        self, texts: Sequence[str], *, cues: Sequence[CueTotals] | None = None
    ) -> list[EventType]:
        """The most probable EventType of each text."""
        return [ranked[0] for ranked in self.rank(texts, cues=cues, top=1)]

    def rank(
        self,
        texts: Sequence[str],
        *,
        cues: Sequence[CueTotals] | None = None,
        top: int | None = None,
    ) -> list[list[EventType]]:
        """For each text, every label (or the `top` best) by probability, best first."""
        self._require_fitted()
        if not texts:
            return []
        features = self._matrix(texts, cues)
        probabilities = self.linear.predict_proba(features)
        classes = self.classes
        ranked = []
        for row, row_probabilities in enumerate(probabilities):
            order = np.argsort(-row_probabilities, kind="stable")[:top]
            ranked.append(
                [
                    self.catalogue.to_event_type(
                        classes[index],
                        score=float(row_probabilities[index]),
                        method="model",
                        evidence=self._evidence(features[row], int(index)),
                    )
                    for index in order
                ]
            )
        return ranked

    def _evidence(self, row: Any, class_index: int) -> tuple[str, ...]:
        """The word n-grams of the text that pushed hardest towards this class."""
        coefficients = self.linear.coef_[class_index if self.linear.coef_.shape[0] > 1 else 0]
        names = self._feature_names()
        row = row.tocsr()
        words = [(i, v) for i, v in zip(row.indices, row.data, strict=True) if i < len(names)]
        scored = sorted(((-v * coefficients[i], names[i]) for i, v in words), key=lambda p: p[0])
        best = [name.removeprefix("words__") for weight, name in scored if weight < 0]
        return tuple(name for name in best if not name.startswith("chars__"))[:_EVIDENCE_TERMS]

    def _feature_names(self) -> Any:
        if not hasattr(self, "_names"):
            self._names = self.features.get_feature_names_out()
        return self._names

    def _require_fitted(self) -> None:
        if not self.fitted:
            raise ConfigurationError("the event-type model is not trained: fit or load it first")

    def save(self, path: Path) -> None:
        """Write the trained model to `path` (a pickle: see the module note on trust)."""
        self._require_fitted()
        record = {
            "format": MODEL_NAME,
            "sklearn": sklearn.__version__,
            "features": self.features,
            "linear": self.linear,
            "cue_codes": self.cue_codes,
        }
        joblib.dump(record, path)

    @classmethod
    def load(cls, path: Path, *, catalogue: Catalogue | None = None) -> TrainedClassifier:
        """Read a model written by `save`. Only load files you created: pickles run code."""
        try:
            record = joblib.load(path)
        except (OSError, EOFError, ValueError, KeyError) as exc:
            raise InputError(str(path), f"not a readable event-type model: {exc}") from exc
        if not isinstance(record, dict) or record.get("format") != MODEL_NAME:
            raise InputError(str(path), f"not an event-type model written by {MODEL_NAME}")
        if record.get("sklearn") != sklearn.__version__:
            raise InputError(
                str(path),
                f"written with scikit-learn {record.get('sklearn')}, this is "
                f"{sklearn.__version__}: retrain it with `allegiance classify --train`",
            )
        model = cls(catalogue=catalogue)
        model.features = record["features"]
        model.linear = record["linear"]
        model.cue_codes = tuple(record["cue_codes"])
        model.fitted = True
        return model
