"""The figures behind the user guide's notes on the defaults, measured.

The user guide's "Why the defaults are what they are" quotes small
measurements on the digits; this script makes them and saves them to
``benchmarks/results/design_checks.json`` (``--out`` changes the stem;
a run of some checks keeps the others' saved results).
Run ``python benchmarks/design_checks.py`` (about 12 minutes on 2 cores;
``--checks`` picks some). BLAS and OpenMP on one thread. Every check uses
``load_digits`` standardised; where it says "panel", the defaults panel's
75/25 stratified split of ``benchmarks/defaults.py`` (test accuracy), and
otherwise the data the check names.

- **perceptron_accuracy**: ``HillClimbPerceptron(objective="accuracy")``,
  seeds 0-2, panel: the tutorial's flat objective against the default
  log-loss (whose figures are the defaults panel's).
- **absolute_step**: a (100,) ``HillClimbMLPClassifier`` with the
  tutorials' absolute step of 0.1 (``step_scale="absolute"``, no
  restarts, ``tol=None``), 1000 rounds, ``random_state=0``, on the panel's
  training rows: how many rounds lowered the loss, with the fixed step and
  with the one-fifth rule.
- **step_size_curve**: ``validation_curve`` of ``make_pipeline(
  StandardScaler(), HillClimbMLPClassifier(random_state=0, ...))`` over
  ``step_size`` in 0.01, 0.03, 0.1, 0.3, 1.0, 5 folds of the whole digits:
  the defaults, ``step_scale="absolute"``, and ``step_adaptation=None,
  step_scale="absolute"``.
- **cmaes_20000**: ``HillClimbMLPClassifier((16,), solver="cmaes",
  max_evals=20000)``, seeds 0-9, panel.
- **anneal_acceptance**: ``solver="anneal"`` with the default network,
  panel, the probability of taking a typical worse move at the start of
  the automatic schedule set to 0.003 (the default), 0.01 and 0.03 at
  4000 rounds (seeds 0-4), and 0.003 against 0.001 with a final
  temperature of 1e-8 (the default 1e-6) at 3000 rounds (seeds 0-9).
- **sgd_learning_rate**: ``solver="sgd-backprop"`` with
  ``learning_rate_init`` 0.001, 0.003 and 0.1 (the default is 0.01) on the
  panel's iris, spiral and tutorial data, seeds 0-2, against
  ``MLPClassifier(random_state=seed)``; and the regressor at 0.001 (its
  default) and 0.01 on the panel's raw diabetes targets, seed 0.
- **tuning**: the tuning page's runs (the gallery example "Hill climbing
  that adapts") on seeds 0-3: the spiral with the tutorial's fixed step
  (10,000 and 100,000 rounds, both networks) and with the one-fifth rule
  and restarts (100,000 rounds; ``perturb_fraction`` 1.0, and 0.05 with
  ``alpha=0``), and every option curve of the three-class problem; and
  the recipe on the digits (``X / 16``, 80/20 split), seeds 0-4, with
  the CPU seconds of each fit.
- **auto_budget**: ``"hillclimb"`` with its defaults on the panel's
  digits at ``max_iter="auto"`` and 4000 (seeds 0-4), and on the spiral
  at 3000 and ``"auto"`` (seeds 0-2; training accuracy).
"""

import os

# Before numpy is imported: one BLAS (and OpenMP) thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

import numpy as np  # noqa: E402
from defaults import fit_score, panel  # noqa: E402
from sklearn.datasets import load_digits, make_classification  # noqa: E402
from sklearn.model_selection import train_test_split, validation_curve  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from sk_hillclimb import (  # noqa: E402
    HillClimbMLPClassifier,
    HillClimbMLPRegressor,
    HillClimbPerceptron,
)
from sk_hillclimb._solvers import _anneal  # noqa: E402
from sk_hillclimb.datasets import make_spiral  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
STEP_SIZES = [0.01, 0.03, 0.1, 0.3, 1.0]


@functools.cache
def _panel():
    return panel()


def _panel_score(estimator):
    """Test accuracy of ``estimator`` (standardised) on the panel's digits."""
    score, *_ = fit_score(estimator, _panel()["digits"])
    return float(score)


def _climb(X, y, seed, hidden, activation, **params):
    """Final loss, training accuracy, evaluations and restarts of one fit."""
    params = {"restart_patience": None, "tol": None, **params}
    clf = HillClimbMLPClassifier(hidden, activation, random_state=seed, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y)
    return clf, {
        "seed": seed,
        "loss": float(clf.loss_),
        "train_accuracy": float(clf.score(X, y)),
        "n_evals": int(clf.n_evals_),
        "restarts": int(clf.n_restarts_),
    }


def perceptron_accuracy():
    return [
        {
            "seed": seed,
            "score": _panel_score(
                HillClimbPerceptron(objective="accuracy", random_state=seed)
            ),
        }
        for seed in range(3)
    ]


def absolute_step():
    X_train, _, y_train, _, _ = _panel()["digits"]
    X = StandardScaler().fit_transform(X_train)
    rows = []
    for adaptation in (None, "one-fifth"):
        clf, _ = _climb(
            X,
            y_train,
            0,
            (100,),
            "relu",
            step_size=0.1,
            step_scale="absolute",
            step_adaptation=adaptation,
            max_iter=1000,
        )
        curve = np.asarray(clf.loss_curve_)
        rows.append(
            {
                "step_adaptation": adaptation,
                "improvements": int(np.sum(np.diff(curve) < 0)),
                "rounds": clf.n_iter_,
                "loss_first": float(curve[0]),
                "loss_last": float(curve[-1]),
            }
        )
    return rows


def step_size_curve():
    X, y = load_digits(return_X_y=True)
    rows = []
    for label, params in [
        ("defaults", {}),
        ('step_scale="absolute"', {"step_scale": "absolute"}),
        (
            'step_adaptation=None, step_scale="absolute"',
            {"step_adaptation": None, "step_scale": "absolute"},
        ),
    ]:
        model = make_pipeline(
            StandardScaler(), HillClimbMLPClassifier(random_state=0, **params)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, test = validation_curve(
                model,
                X,
                y,
                param_name="hillclimbmlpclassifier__step_size",
                param_range=STEP_SIZES,
                cv=5,
            )
        means = test.mean(axis=1)
        rows += [
            {"variant": label, "step_size": size, "mean_accuracy": float(mean)}
            for size, mean in zip(STEP_SIZES, means)
        ]
    return rows


def cmaes_20000():
    return [
        {
            "seed": seed,
            "score": _panel_score(
                HillClimbMLPClassifier(
                    (16,), solver="cmaes", max_evals=20000, random_state=seed
                )
            ),
        }
        for seed in range(10)
    ]


def _anneal_scores(acceptance, final, rounds, seeds):
    with (
        mock.patch.object(_anneal, "_INITIAL_ACCEPTANCE", acceptance),
        mock.patch.object(_anneal, "_FINAL_TEMPERATURE", final),
    ):
        return [
            {
                "initial_acceptance": acceptance,
                "final_temperature": final,
                "rounds": rounds,
                "seed": seed,
                "score": _panel_score(
                    HillClimbMLPClassifier(
                        solver="anneal", max_iter=rounds, random_state=seed
                    )
                ),
            }
            for seed in seeds
        ]


def anneal_acceptance():
    rows = []
    for acceptance in (0.003, 0.01, 0.03):
        rows += _anneal_scores(acceptance, 1e-6, 4000, range(5))
    rows += _anneal_scores(0.003, 1e-6, 3000, range(10))
    rows += _anneal_scores(0.001, 1e-8, 3000, range(10))
    return rows


def sgd_learning_rate():
    """Plain SGD's rate: 0.001, 0.003 and 0.1 against ``MLPClassifier()``.

    The default 0.01 is in the defaults panel; the regressor's 0.001
    against 0.01 on the raw diabetes targets.
    """
    sets = _panel()
    rows = []
    for data in ("iris", "spiral (train)", "tutorial"):
        for seed in range(3):
            reference, *_ = fit_score(MLPClassifier(random_state=seed), sets[data])
            for rate in (0.001, 0.003, 0.1):
                estimator = HillClimbMLPClassifier(
                    solver="sgd-backprop", learning_rate_init=rate, random_state=seed
                )
                score, _, fitted, warned = fit_score(estimator, sets[data])
                rows.append(
                    {
                        "data": data,
                        "seed": seed,
                        "learning_rate_init": rate,
                        "score": float(score),
                        "reference_score": float(reference),
                        "n_iter": int(fitted.n_iter_),
                        "warnings": warned,
                    }
                )
    for rate in (0.001, 0.01):
        estimator = HillClimbMLPRegressor(
            solver="sgd-backprop", learning_rate_init=rate, random_state=0
        )
        try:
            score, _, fitted, warned = fit_score(estimator, sets["diabetes (R^2)"])
            outcome = {"score": float(score), "warnings": warned}
        except (ValueError, FloatingPointError) as error:
            outcome = {"error": f"{type(error).__name__}: {error}"}
        rows.append({"data": "diabetes (R^2)", "learning_rate_init": rate, **outcome})
    return rows


#: The tutorials' step: absolute, fixed, no restarts (the gallery's
#: "Hill climbing that adapts" example, whose figures the tuning page shows).
TUTORIAL_STEP = {"step_scale": "absolute", "step_adaptation": None}
ONE_FIFTH = {"step_scale": "absolute", "step_adaptation": "one-fifth"}


def _spiral_rows(seed):
    X, y = make_spiral(n_samples=300, n_classes=3, shuffle=False, random_state=0)
    runs = {
        "(3,) relu, step 0.05": ((3,), "relu", TUTORIAL_STEP),
        "(16,) tanh, step 0.05": ((16,), "tanh", TUTORIAL_STEP),
    }
    rows = []
    for name, (hidden, activation, step) in runs.items():
        for rounds in (10_000, 100_000):
            _, row = _climb(
                X, y, seed, hidden, activation, step_size=0.05, max_iter=rounds, **step
            )
            rows.append({"run": f"spiral {name}, {rounds} rounds", **row})
    defaults = HillClimbMLPClassifier()
    # The example's climber (default alpha and tol), then full and partial
    # steps without the penalty.
    for fraction, alpha in [(1.0, defaults.alpha), (1.0, 0.0), (0.05, 0.0)]:
        clf, row = _climb(
            X,
            y,
            seed,
            (16,),
            "tanh",
            step_size=0.05,
            max_iter=100_000,
            restart_patience=5000,
            tol=defaults.tol,
            alpha=alpha,
            perturb_fraction=fraction,
            **ONE_FIFTH,
        )
        row["loss_at_90000_evals"] = float(clf.loss_curve_[89_998])
        rows.append(
            {
                "run": "spiral (16,) tanh, one-fifth + restarts, "
                f"perturb_fraction={fraction}, alpha={alpha}",
                **row,
            }
        )
    return rows


#: The option curves of the same example: a three-class problem, an (8,)
#: tanh network, 4000 evaluations, fixed step 0.1 unless said.
OPTION_CURVES = {
    "step 0.01": {"step_size": 0.01},
    "step 0.1": {},
    "step 1.0": {"step_size": 1.0},
    "one-fifth from 0.1": {"step_adaptation": "one-fifth"},
    "one-fifth from 1.0": {"step_adaptation": "one-fifth", "step_size": 1.0},
    "one-fifth, n_candidates=4": {"step_adaptation": "one-fifth", "n_candidates": 4},
    "one-fifth, n_candidates=16": {"step_adaptation": "one-fifth", "n_candidates": 16},
    "one-fifth, perturb_fraction=0.3": {
        "step_adaptation": "one-fifth",
        "perturb_fraction": 0.3,
    },
    "one-fifth, perturb_fraction=0.05": {
        "step_adaptation": "one-fifth",
        "perturb_fraction": 0.05,
    },
    **{
        f"anneal, T0={t}": {
            "solver": "anneal",
            "initial_temperature": t,
            "cooling": 0.999,
        }
        for t in (0.001, 0.01, 0.1)
    },
}


def _option_rows(seed):
    X, y = make_classification(
        n_samples=300, n_features=10, n_informative=5, n_classes=3, random_state=0
    )
    rows = []
    for name, params in OPTION_CURVES.items():
        params = {**TUTORIAL_STEP, "step_size": 0.1, **params}
        rounds = 4000 // params.get("n_candidates", 1)
        _, row = _climb(X, y, seed, (8,), "tanh", max_iter=rounds, **params)
        rows.append({"run": f"options: {name}", **row})
    return rows


def _digits_recipe_rows(seed):
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.2, random_state=0
    )
    rows = []
    for name, step, rounds in [
        ("one-fifth", ONE_FIFTH, 5000),
        ("one-fifth", ONE_FIFTH, 10_000),
        ("fixed step", TUTORIAL_STEP, 10_000),
    ]:
        start = time.process_time()
        clf, row = _climb(
            X_train,
            y_train,
            seed,
            (16,),
            "tanh",
            step_size=0.05,
            max_iter=rounds,
            **step,
        )
        row["cpu_seconds"] = time.process_time() - start
        row["test_accuracy"] = float(clf.score(X_test, y_test))
        rows.append({"run": f"digits recipe, {name}, {rounds} rounds", **row})
    return rows


def tuning():
    """The tuning page's figures beyond ``random_state=0``: seeds 0-4."""
    rows = []
    for seed in range(4):
        rows += _spiral_rows(seed) + _option_rows(seed)
    for seed in range(5):
        rows += _digits_recipe_rows(seed)
    return rows


def auto_budget():
    """``"hillclimb"``'s automatic budget against more and fewer rounds.

    The digits (panel, seeds 0-4) at ``max_iter="auto"`` (3000 rounds)
    and 4000; the spiral's training accuracy (seeds 0-2) at 3000 rounds
    and at ``"auto"`` (about 15,000).
    """
    sets = _panel()
    rows = []
    for data, rounds_list, seeds in [
        ("digits", ("auto", 4000), range(5)),
        ("spiral (train)", (3000, "auto"), range(3)),
    ]:
        for rounds in rounds_list:
            for seed in seeds:
                estimator = HillClimbMLPClassifier(max_iter=rounds, random_state=seed)
                score, seconds, fitted, _ = fit_score(estimator, sets[data])
                rows.append(
                    {
                        "data": data,
                        "max_iter": rounds,
                        "seed": seed,
                        "score": float(score),
                        "n_iter": int(fitted.n_iter_),
                        "seconds": seconds,
                    }
                )
    return rows


CHECKS = {
    "perceptron_accuracy": perceptron_accuracy,
    "absolute_step": absolute_step,
    "step_size_curve": step_size_curve,
    "cmaes_20000": cmaes_20000,
    "anneal_acceptance": anneal_acceptance,
    "sgd_learning_rate": sgd_learning_rate,
    "tuning": tuning,
    "auto_budget": auto_budget,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", nargs="+", choices=list(CHECKS), default=None)
    parser.add_argument("--out", default="design_checks")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "benchmarks/design_checks.py", *sys.argv[1:]])
    path = RESULTS / f"{args.out}.json"
    # A run of some checks keeps the others' saved results.
    saved = json.loads(path.read_text()) if path.exists() else {"checks": {}}
    for name in args.checks or list(CHECKS):
        run = {
            "command": command,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_average": os.getloadavg()[0],
        }
        run["rows"] = CHECKS[name]()
        run["load_average_after"] = os.getloadavg()[0]
        for row in run["rows"]:
            print(name, json.dumps(row), flush=True)
        saved["checks"][name] = run
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(saved, indent=1))
    print(f"saved {path}")


if __name__ == "__main__":
    main()
