"""ProfileFeatures: a stateless scikit-learn transformer from texts to profile numbers.

scikit-learn's ``check_estimator`` runs no check on an estimator whose input is not a 2-D numeric
array (it warns and yields nothing), so the checks that apply to a stateless text transformer are
chosen here: the API checks that never feed data (cloning, tags, repr, parameters, init,
``set_params``, mixin order) run as scikit-learn wrote them, and the data checks that matter —
fit returns self and leaves the parameters alone, transform needs no fit, idempotent, pickle,
sample order and subset invariance, feature names, ``set_output`` — run below on texts, since
their random numeric matrices are not texts. Checks of sparse input, dtypes, ``n_features_in_``,
NaN/inf in X, sample weights and 1-sample/1-feature numeric shapes have no meaning for raw text.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn import clone
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import estimator_checks as checks

import reliability
from reliability.frame import to_dataframe
from reliability.sklearn import FEATURES, ProfileFeatures
from tests.polnear import polnear_articles

REPO = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text("utf-8") for p in sorted((REPO / "examples").glob("*.txt"))] + [
    "",
    "The mayor said the bridge would reopen on Monday. Officials may have known, sources said.",
]

API_CHECKS = [
    checks.check_estimator_cloneable,
    checks.check_estimator_tags_renamed,
    checks.check_valid_tag_types,
    checks.check_estimator_repr,
    checks.check_no_attributes_set_in_init,
    checks.check_do_not_raise_errors_in_init_or_set_params,
    checks.check_mixin_order,
    checks.check_parameters_default_constructible,
    checks.check_get_params_invariance,
    checks.check_set_params,
]


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "estimator",
    [ProfileFeatures(), ProfileFeatures(features=["index", "hedging"], scorers=["hedging"])],
    ids=["default", "configured"],
)
def test_scikit_learn_api_checks(check, estimator: ProfileFeatures) -> None:
    """The scikit-learn estimator checks that apply to a text transformer pass."""
    check(type(estimator).__name__, estimator)


class TestTransform:
    def test_features_are_the_frame_columns(self) -> None:
        """Each output column is the numeric profile frame column of that name."""
        out = ProfileFeatures().fit_transform(TEXTS)
        frame = to_dataframe(reliability.Pipeline().score(t) for t in TEXTS)
        assert out.shape == (len(TEXTS), len(FEATURES))
        assert out.dtype == np.float64
        expected = frame[list(FEATURES)].to_numpy(dtype="float64", na_value=np.nan)
        np.testing.assert_array_equal(out, expected)

    def test_missing_is_nan_not_zero(self) -> None:
        """An empty text has no index: NaN, not 0."""
        out = ProfileFeatures(features=["index", "words"]).fit_transform([""])
        assert np.isnan(out[0, 0])
        assert out[0, 1] == 0

    def test_transform_needs_no_fit(self) -> None:
        """A stateless transformer transforms unfitted (check_transformers_unfitted_stateless)."""
        out = ProfileFeatures(features=["index"]).transform(TEXTS[:2])
        assert out.shape == (2, 1)

    def test_fit_returns_self_and_changes_no_parameter(self) -> None:
        """fit returns the estimator and adds or changes no public attribute."""
        est = ProfileFeatures(features=["index"], scorers=["attribution"])
        before = dict(vars(est))
        assert est.fit(TEXTS) is est
        assert vars(est) == before

    def test_idempotent_and_order_invariant(self) -> None:
        """Transforming twice, in another order, or a subset, gives the same rows."""
        est = ProfileFeatures()
        full = est.fit_transform(TEXTS)
        np.testing.assert_array_equal(est.transform(TEXTS), full)
        order = np.arange(len(TEXTS))[::-1]
        np.testing.assert_array_equal(est.transform([TEXTS[i] for i in order]), full[order])
        np.testing.assert_array_equal(est.transform(TEXTS[2:4]), full[2:4])

    def test_pickle_and_clone_give_the_same_output(self) -> None:
        """A pickled or cloned transformer gives the same features."""
        est = ProfileFeatures(features=["index", "anonymous_sourcing"])
        out = est.fit_transform(TEXTS)
        np.testing.assert_array_equal(pickle.loads(pickle.dumps(est)).transform(TEXTS), out)
        np.testing.assert_array_equal(clone(est).transform(TEXTS), out)
        assert len(pickle.dumps(est)) < 1000  # configuration only, no pipeline

    def test_set_output_pandas(self) -> None:
        """set_output(transform='pandas') gives a DataFrame named by get_feature_names_out."""
        est = ProfileFeatures(features=["index", "hedging.writer_hedges"]).set_output(
            transform="pandas"
        )
        series = pd.Series(TEXTS[:3], index=["a", "b", "c"])
        out = est.fit_transform(series)
        assert isinstance(out, pd.DataFrame)
        assert list(out.columns) == ["index", "hedging.writer_hedges"]
        assert list(out.index) == ["a", "b", "c"]
        assert list(est.get_feature_names_out()) == ["index", "hedging.writer_hedges"]

    def test_one_column_frame_is_accepted(self) -> None:
        """A one-column DataFrame (as ColumnTransformer passes with a list) is texts."""
        frame = pd.DataFrame({"text": TEXTS[:2]})
        np.testing.assert_array_equal(
            ProfileFeatures().transform(frame), ProfileFeatures().transform(TEXTS[:2])
        )

    def test_lexicons_and_scorers_reach_the_pipeline(self) -> None:
        """Only the chosen scorers run: others' features are NaN."""
        out = ProfileFeatures(features=["hedging", "readability"], scorers=["hedging"]).transform(
            TEXTS[:1]
        )
        assert not np.isnan(out[0, 0])
        assert np.isnan(out[0, 1])


class TestErrors:
    def test_unknown_feature_is_named(self) -> None:
        """An unknown or text column is refused at fit, naming it."""
        with pytest.raises(ValueError, match="'nope'"):
            ProfileFeatures(features=["index", "nope"]).fit(TEXTS)
        with pytest.raises(ValueError, match="'title'"):
            ProfileFeatures(features=["title"]).fit(TEXTS)

    def test_a_single_string_is_refused(self) -> None:
        """One string is not a list of texts (it would be read character by character)."""
        with pytest.raises(ValueError, match="not a single string"):
            ProfileFeatures().transform("The mayor said so.")

    def test_numbers_are_not_texts(self) -> None:
        """Numeric input is refused with the position of the first non-text."""
        with pytest.raises(TypeError, match="sample 0 is float"):
            ProfileFeatures().transform(np.zeros(3))
        with pytest.raises(ValueError, match="one column of texts"):
            ProfileFeatures().transform(np.zeros((3, 2)))


def test_in_a_pipeline_with_parallel_cross_validation(shared_dir: Path) -> None:
    """Inside a Pipeline, cross_val_score with n_jobs=2 runs and beats chance on PolNeAR."""
    texts: list[str] = []
    labels: list[str] = []
    for data in polnear_articles(shared_dir, "train"):
        publisher = data["meta"]["publisher"]
        if publisher in {"breitbart", "nyt"} and labels.count(publisher) < 40:
            texts.append(data["text"])
            labels.append(publisher)
    model = make_pipeline(
        ProfileFeatures(),
        SimpleImputer(strategy="median", keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(max_iter=2000),
    )
    scores = cross_val_score(model, np.array(texts, dtype=object), labels, cv=4, n_jobs=2)
    assert scores.shape == (4,)
    assert labels.count("nyt") == labels.count("breitbart") == 40
    assert scores.mean() > 0.6  # chance is 0.5 on these balanced classes
