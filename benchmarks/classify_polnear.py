"""Telling PolNeAR's seven publishers apart from profile features alone.

Scores every PolNeAR article once (train: 840 articles, dev: 84; one row per article, the
first annotation file of each), then with :class:`reliability.sklearn.ProfileFeatures`'s
columns:

- 5-fold stratified cross-validation on train (shuffled, fixed seed) of a gradient-boosted
  classifier (``HistGradientBoostingClassifier``, which takes the missing values as they are)
  and of a logistic regression (median imputation, scaling); the majority-class baseline
  beside them; accuracy and macro-F1, mean and standard deviation over the folds;
- the same models fitted on train and scored once on dev;
- a binary task, the two hyperpartisan sites (Breitbart, Western Journal) against the five
  other outlets, likewise;
- the mean of a few profile columns per publisher on train (the pandas how-to's table).

Scoring, not learning, takes the time; the machine it runs on may be shared, so the seconds
printed are indicative only.

The models, their settings and the feature set (all of ProfileFeatures' columns) were fixed
before the first run and not tuned; dev was scored once, by that run. Writes JSON with
``--json`` (``docs/data/classify_polnear.json``).

    python benchmarks/classify_polnear.py [--shared ../shared] [--json PATH]
        [--train FILE --dev FILE --id-field PATH --label PATH]   # another labelled corpus

The binary task is PolNeAR's (Breitbart and Western Journal against the rest); on another
corpus it counts those two labels, if present, against every other.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from reliability.sklearn import ProfileFeatures

HYPERPARTISAN = frozenset({"breitbart", "west-journal"})
MEANS = ["index", "anonymous_sourcing", "attribution", "hedging", "promotional", "readability"]
SEED = 0


def _field(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


def _articles(path: Path, id_field: str, label: str) -> pd.DataFrame:
    """One row per article id (the first record of each): id, publisher (the label), text."""
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            key = str(_field(data, id_field))
            row = {"id": key, "publisher": str(_field(data, label)), "text": data["text"]}
            rows.setdefault(key, row)
    return pd.DataFrame(list(rows.values()))


def _binary(publishers: pd.Series) -> pd.Series:
    return publishers.isin(HYPERPARTISAN).map({True: "hyperpartisan", False: "other"})


def _models() -> dict[str, Any]:
    return {
        "majority class": DummyClassifier(strategy="most_frequent"),
        "logistic regression": make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(max_iter=5000, C=0.5),
        ),
        "gradient boosting": HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, random_state=SEED
        ),
    }


def _task(x_train: Any, y_train: Any, x_dev: Any, y_dev: Any) -> list[dict[str, Any]]:
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    out = []
    for name, model in _models().items():
        cv = cross_validate(
            model, x_train, y_train, cv=folds, scoring=["accuracy", "f1_macro"], n_jobs=1
        )
        fitted = clone(model).fit(x_train, y_train)
        predicted = fitted.predict(x_dev)
        out.append(
            {
                "model": name,
                "cv_accuracy_mean": round(float(np.mean(cv["test_accuracy"])), 3),
                "cv_accuracy_sd": round(float(np.std(cv["test_accuracy"])), 3),
                "cv_macro_f1_mean": round(float(np.mean(cv["test_f1_macro"])), 3),
                "cv_macro_f1_sd": round(float(np.std(cv["test_f1_macro"])), 3),
                "dev_accuracy": round(float(accuracy_score(y_dev, predicted)), 3),
                "dev_macro_f1": round(float(f1_score(y_dev, predicted, average="macro")), 3),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--train", type=Path, help="JSONL corpus (default: PolNeAR train)")
    parser.add_argument("--dev", type=Path, help="JSONL corpus (default: PolNeAR dev)")
    parser.add_argument("--id-field", default="doc_id", help="dotted path of the id")
    parser.add_argument("--label", default="meta.publisher", help="dotted path of the class")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    polnear = args.shared / "data" / "polnear"
    train = _articles(args.train or polnear / "train.jsonl", args.id_field, args.label)
    dev = _articles(args.dev or polnear / "dev.jsonl", args.id_field, args.label)

    features = ProfileFeatures().set_output(transform="pandas")
    start = time.perf_counter()
    x_train = features.fit_transform(train["text"])
    x_dev = features.transform(dev["text"])
    scoring_s = time.perf_counter() - start
    print(f"scored {len(train)} + {len(dev)} articles in {scoring_s:.1f} s")

    publishers = _task(x_train, train["publisher"], x_dev, dev["publisher"])
    binary = _task(x_train, _binary(train["publisher"]), x_dev, _binary(dev["publisher"]))

    # The features are the profile frame's numeric columns, so the means read them directly.
    means = x_train[MEANS].groupby(train["publisher"].to_numpy()).mean().round(3)
    counts = train["publisher"].value_counts()

    for title, rows in (("seven publishers", publishers), ("hyperpartisan or not", binary)):
        print(f"\n{title}")
        for row in rows:
            print(
                f"  {row['model']:<20} cv acc {row['cv_accuracy_mean']:.3f} "
                f"± {row['cv_accuracy_sd']:.3f}  macro-F1 {row['cv_macro_f1_mean']:.3f}  "
                f"dev acc {row['dev_accuracy']:.3f}  macro-F1 {row['dev_macro_f1']:.3f}"
            )
    print("\nmeans by publisher (train)\n" + means.to_string())

    if args.json:
        result = {
            "measured": datetime.date.today().isoformat(),
            "python": platform.python_version(),
            "cores": os.cpu_count(),
            "features": len(features.get_feature_names_out()),
            "train_articles": len(train),
            "dev_articles": len(dev),
            "train_publishers": {k: int(v) for k, v in counts.sort_index().items()},
            "folds": 5,
            "seed": SEED,
            "publishers": publishers,
            "hyperpartisan": binary,
            "means_by_publisher": {
                publisher: {k: float(v) for k, v in row.items()}
                for publisher, row in means.iterrows()
            },
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
