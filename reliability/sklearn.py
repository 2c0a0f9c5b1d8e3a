"""A scikit-learn transformer from raw article texts to the numbers of their profiles.

:class:`ProfileFeatures` scores each text and returns the numeric columns of
:func:`reliability.to_dataframe` (by default all of them: the index and its components, each
scorer's value and inputs, the shared counts, the number of findings by severity), one row per
text. It is stateless — ``fit`` learns nothing — so it can stand first in a ``Pipeline`` and be
cloned, pickled and sent to worker processes (``cross_val_score(n_jobs=2)``): it holds only
its configuration, and each process builds the scoring pipeline once, on first use.

A value that could not be measured is ``NaN`` (a text too short for a readability formula, a
share of zero attributions), never 0: follow it with an imputer, or use an estimator that
accepts missing values (``HistGradientBoostingClassifier``).

scikit-learn is an optional dependency: ``pip install "source-reliability[sklearn]"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sklearn.base import BaseEstimator, TransformerMixin

from reliability._workers import config_of, pipeline_for
from reliability.frame import COLUMNS, to_dataframe
from reliability.profile import Pipeline

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["FEATURES", "ProfileFeatures"]

FEATURES: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype != "string")
"""The numeric columns of the profile frame, in order: the default features."""


class ProfileFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Raw article texts in, one row of profile numbers per text out.

    Parameters are kept as given (scikit-learn convention) and checked by ``fit`` and
    ``transform``.

    Args:
        features: Column names of :func:`reliability.to_dataframe` to return, in that order;
            ``None`` for every numeric column (:data:`FEATURES`).
        scorers: Scorer ids to run (their requirements are added); ``None`` for all built-in
            scorers. A feature of a scorer that did not run is ``NaN``.
        lexicons: Lexicon files or directories laid over the shipped ones; ``None`` for the
            shipped lexicons.
        index_weights: An index weights file; ``None`` for the shipped weights.

    Example:
        >>> from reliability.sklearn import ProfileFeatures
        >>> features = ProfileFeatures(features=["index", "hedging"])
        >>> features.fit_transform(["The mayor said the bridge would reopen."]).shape
        (1, 2)
    """

    def __init__(
        self,
        features: Sequence[str] | None = None,
        scorers: Sequence[str] | None = None,
        lexicons: Sequence[str | Path] | str | Path | None = None,
        index_weights: str | Path | None = None,
    ) -> None:
        self.features = features
        self.scorers = scorers
        self.lexicons = lexicons
        self.index_weights = index_weights

    def __sklearn_tags__(self) -> Any:
        """Text in (a 1-D sequence of strings), floats out; nothing is learnt, so no fit needed."""
        tags = super().__sklearn_tags__()
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        tags.transformer_tags.preserves_dtype = []
        return tags

    def _feature_names(self) -> list[str]:
        if self.features is None:
            return list(FEATURES)
        if isinstance(self.features, str):
            raise ValueError(f"features must be a list of column names, not {self.features!r}")
        names = list(self.features)
        unknown = [n for n in names if n not in FEATURES]
        if unknown:
            raise ValueError(
                f"unknown or non-numeric feature(s) {unknown}; known: {', '.join(FEATURES)}"
            )
        return names

    def _scoring_pipeline(self) -> Pipeline:
        return pipeline_for(config_of(self.scorers, self.lexicons, self.index_weights))

    def fit(self, X: Any, y: Any = None) -> ProfileFeatures:  # noqa: N803 - scikit-learn's name
        """Check the configuration; nothing is learnt from the texts.

        Args:
            X: The texts (ignored beyond their type).
            y: Ignored.

        Returns:
            The transformer itself.
        """
        self._feature_names()
        self._scoring_pipeline()
        _texts(X)
        return self

    def transform(self, X: Any) -> NDArray[np.float64]:  # noqa: N803 - scikit-learn's name
        """Score each text and return its features.

        Args:
            X: The texts: a list, a 1-D array or Series of strings, or a one-column 2-D array
                or DataFrame of them.

        Returns:
            A float array of shape ``(len(X), len(features))``; ``NaN`` where a value could not
            be measured.
        """
        names = self._feature_names()
        pipeline = self._scoring_pipeline()
        frame = to_dataframe(pipeline.score(text) for text in _texts(X))
        out: NDArray[np.float64] = frame[names].to_numpy(dtype="float64", na_value=float("nan"))
        return out

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        """The names of the output columns: the chosen profile frame columns.

        Args:
            input_features: Ignored (the input is text, which has no feature names).
        """
        import numpy as np

        return np.asarray(self._feature_names(), dtype=object)


def _texts(X: Any) -> list[str]:  # noqa: N803 - scikit-learn's name
    """The texts of X, which must be strings: one per row."""
    import numpy as np

    if isinstance(X, str):
        raise ValueError(
            "ProfileFeatures takes an iterable of texts, one per sample, not a single string"
        )
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        shape = X.shape
        if shape[1] != 1:
            raise ValueError(f"expected one column of texts, got an array of shape {shape}")
        values = X.iloc[:, 0] if hasattr(X, "iloc") else np.asarray(X)[:, 0]
    else:
        values = X
    texts = list(values)
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"sample {position} is {type(text).__name__}, not a text; "
                "ProfileFeatures takes raw article texts"
            )
    return texts
