"""The regressor's Poisson, quantile and absolute-error losses, measured.

Run ``python benchmarks/regression_losses.py`` (about 10 minutes on a
busy 2-core machine). BLAS and OpenMP run on one thread. Three panels,
seeds 0-2 (``--seeds``), each seed its own data and 75/25 split
(``random_state=seed``), every estimator seeded with it too:

- **poisson**: ``X ~ N(0, 1)`` with 10 features and 2,000 rows, ``w ~
  N(0, 1)`` (10 weights), ``y ~ Poisson(exp(X @ w / 4))``, all drawn from
  ``RandomState(seed)``. Mean Poisson deviance on the test split
  (:func:`~sklearn.metrics.mean_poisson_deviance`) of
  ``MLPRegressor(loss="poisson", solver="adam")`` (its defaults), of our
  ``"adam"`` with the same hyperparameters (``max_iter=200``, the one
  default that differs), and of ``"adam"``, ``"hillclimb"`` and
  ``"cmaes"`` with our defaults (and ``"adam"`` with early stopping).
  Bar: our adam within 5% of scikit-learn's, hillclimb and cmaes within
  10%.
- **quantile**: ``make_friedman1(n_samples=2000, noise=1.0,
  random_state=seed)`` plus heteroscedastic noise ``(0.5 + 2 * X[:, 0]) *
  N(0, 1)`` from ``RandomState(seed)``. Quantile networks at 0.1 and 0.9
  (``make_pipeline(StandardScaler(), HillClimbMLPRegressor(...,
  objective="quantile"))``) by ``"hillclimb"``, ``"cmaes"``,
  ``"sgd-backprop"`` and ``"adam"`` with their defaults (for the
  gradient solvers, ``early_stopping="auto"`` sets 10% aside), next to
  ``HistGradientBoostingRegressor(loss="quantile")``: held-out coverage
  of the 80% interval and mean pinball loss
  (:func:`~sklearn.metrics.mean_pinball_loss`) of each quantile. Bar:
  every solver's default interval at least as close to 80% as
  HistGradientBoostingRegressor's, on every seed. Variants of the
  gradient solvers (no early stopping, with a smaller network or fewer
  epochs; targets standardised by ``TransformedTargetRegressor(...,
  transformer=StandardScaler())``) show what moves the coverage.
- **absolute**: ``make_friedman1(n_samples=2000, noise=0,
  random_state=seed)`` plus Student-t noise with 1.5 degrees of freedom
  (no finite variance) from ``RandomState(seed)``; every solver of the
  registry with its defaults, trained on ``"absolute_error"`` and on
  ``"squared_error"``: test mean absolute error. Bar: the absolute error
  lower for every solver. Rows of ``"genetic"`` with larger budgets
  (``max_iter=500`` and ``1000``) show what its default budget leaves.
  ``--panels absolute --seeds 0 1 2 3 4 5 6 7 8 9 --out
  regression_losses_absolute`` gives the panel on ten seeds (about 9
  minutes).

Tables are printed and saved to ``benchmarks/results/regression_losses.md``
and ``.json`` (``--out`` changes the stem).
"""

import os

# Before numpy is imported: one BLAS (and OpenMP) thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.compose import TransformedTargetRegressor  # noqa: E402
from sklearn.datasets import make_friedman1  # noqa: E402
from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    mean_absolute_error,
    mean_pinball_loss,
    mean_poisson_deviance,
)
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from sk_hillclimb import HillClimbMLPRegressor  # noqa: E402
from sk_hillclimb._solvers import SOLVERS  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
QUANTILES = (0.1, 0.9)
#: The solvers of the quantile panel, with their defaults.
QUANTILE_SOLVERS = ("hillclimb", "cmaes", "sgd-backprop", "adam")
#: Variants of the gradient solvers in the quantile panel, what moves the
#: coverage: (solver, standardise y?, parameters). Without early stopping
#: they train until the tol rule on the training loss ends the fit.
_SMALL = {"hidden_layer_sizes": (16,), "activation": "tanh"}
_NO_STOP = {"early_stopping": False}
GRADIENT_VARIANTS = {
    "adam, early_stopping=False": ("adam", False, _NO_STOP),
    "sgd-backprop, early_stopping=False": ("sgd-backprop", False, _NO_STOP),
    "adam, early_stopping=False, (16,) tanh": ("adam", False, {**_NO_STOP, **_SMALL}),
    "adam, early_stopping=False, max_iter=30": (
        "adam",
        False,
        {**_NO_STOP, "max_iter": 30},
    ),
    "adam, y standardised": ("adam", True, {}),
}

#: Beyond the defaults in the absolute panel: (solver, parameters).
#: "genetic"'s default budget is 124 generations on this network.
ABSOLUTE_VARIANTS = {
    "genetic, max_iter=500": ("genetic", {"max_iter": 500}),
    "genetic, max_iter=1000": ("genetic", {"max_iter": 1000}),
}


def _split(X, y, seed):
    return train_test_split(X, y, test_size=0.25, random_state=seed)


def poisson_data(seed):
    """Counts from a log-linear model: see the module docstring."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(2000, 10))
    w = rng.normal(size=10)
    return _split(X, rng.poisson(np.exp(X @ w / 4)).astype(float), seed)


def quantile_data(seed):
    """make_friedman1 with noise that grows with the first feature."""
    X, y = make_friedman1(n_samples=2000, noise=1.0, random_state=seed)
    rng = np.random.RandomState(seed)
    return _split(X, y + (0.5 + 2 * X[:, 0]) * rng.normal(size=len(y)), seed)


def heavy_tailed_data(seed):
    """make_friedman1 plus Student-t noise with 1.5 degrees of freedom."""
    X, y = make_friedman1(n_samples=2000, noise=0.0, random_state=seed)
    rng = np.random.RandomState(seed)
    return _split(X, y + rng.standard_t(1.5, size=len(y)), seed)


def _fit(estimator, X, y):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X, y)
    return estimator, time.perf_counter() - start


def _ours(solver, seed, **params):
    return HillClimbMLPRegressor(solver=solver, random_state=seed, **params)


def poisson_panel(seed):
    """Test Poisson deviance of each model on one seed's split."""
    X_train, X_test, y_train, y_test = poisson_data(seed)
    models = {
        "MLPRegressor adam": MLPRegressor(
            loss="poisson", solver="adam", random_state=seed
        ),
        "adam, max_iter=200 (MLPRegressor's)": _ours(
            "adam", seed, objective="poisson", max_iter=200
        ),
        "adam": _ours("adam", seed, objective="poisson"),
        "adam, early_stopping": _ours(
            "adam", seed, objective="poisson", early_stopping=True
        ),
        "hillclimb": _ours("hillclimb", seed, objective="poisson"),
        "cmaes": _ours("cmaes", seed, objective="poisson"),
    }
    rows = []
    for name, model in models.items():
        model, seconds = _fit(model, X_train, y_train)
        deviance = mean_poisson_deviance(y_test, model.predict(X_test))
        rows.append(
            {
                "panel": "poisson",
                "seed": seed,
                "model": name,
                "deviance": deviance,
                "n_iter": int(model.n_iter_),
                "seconds": seconds,
            }
        )
    return rows


def _network(model):
    """The fitted estimator inside a target transform and a pipeline."""
    model = getattr(model, "regressor_", model)
    return model[-1] if hasattr(model, "steps") else model


def _interval_row(seed, name, make, data):
    """Fit the 0.1 and 0.9 models of ``make(q)``; coverage and pinball."""
    X_train, X_test, y_train, y_test = data
    predictions, seconds, n_iter = {}, 0.0, []
    for q in QUANTILES:
        model, took = _fit(make(q), X_train, y_train)
        predictions[q] = model.predict(X_test)
        seconds += took
        n_iter.append(int(_network(model).n_iter_))
    low, high = predictions[QUANTILES[0]], predictions[QUANTILES[1]]
    return {
        "panel": "quantile",
        "seed": seed,
        "model": name,
        "coverage": float(np.mean((y_test >= low) & (y_test <= high))),
        "crossed": float(np.mean(low > high)),
        **{
            f"pinball_{q}": mean_pinball_loss(y_test, predictions[q], alpha=q)
            for q in QUANTILES
        },
        "n_iter": n_iter,
        "seconds": seconds,
    }


def quantile_panel(seed):
    """Coverage of the 80% interval and pinball losses on one seed's split."""
    data = quantile_data(seed)

    def network(solver, scale_y=False, **params):
        def make(q):
            model = make_pipeline(
                StandardScaler(),
                _ours(solver, seed, objective="quantile", quantile=q, **params),
            )
            if not scale_y:
                return model
            return TransformedTargetRegressor(model, transformer=StandardScaler())

        return make

    makers = {
        "HistGradientBoostingRegressor": lambda q: HistGradientBoostingRegressor(
            loss="quantile", quantile=q, random_state=seed
        ),
        **{solver: network(solver) for solver in QUANTILE_SOLVERS},
        **{
            name: network(solver, y, **p)
            for name, (solver, y, p) in GRADIENT_VARIANTS.items()
        },
    }
    return [_interval_row(seed, name, make, data) for name, make in makers.items()]


def absolute_panel(seed):
    """Test MAE of every solver trained on each loss, on one seed's split."""
    X_train, X_test, y_train, y_test = heavy_tailed_data(seed)
    rows = []
    runs = {solver: (solver, {}) for solver in SOLVERS}
    runs.update(ABSOLUTE_VARIANTS)
    for name, (solver, params) in runs.items():
        row = {"panel": "absolute", "seed": seed, "model": name}
        for loss in ("absolute_error", "squared_error"):
            model = make_pipeline(
                StandardScaler(), _ours(solver, seed, objective=loss, **params)
            )
            model, seconds = _fit(model, X_train, y_train)
            row[loss] = mean_absolute_error(y_test, model.predict(X_test))
            row[f"seconds_{loss}"] = seconds
        rows.append(row)
    return rows


PANELS = {
    "poisson": poisson_panel,
    "quantile": quantile_panel,
    "absolute": absolute_panel,
}


# -- tables -------------------------------------------------------------------


def _by_model(rows, panel):
    models = {}
    for row in rows:
        if row["panel"] == panel:
            models.setdefault(row["model"], []).append(row)
    return models


def poisson_table(rows):
    models = _by_model(rows, "poisson")
    reference = {r["seed"]: r["deviance"] for r in models.get("MLPRegressor adam", [])}
    header = ["model", "deviance per seed", "mean", "/ sklearn", "epochs", "s"]
    lines = []
    for name, group in models.items():
        ratios = [r["deviance"] / reference[r["seed"]] for r in group]
        lines.append(
            [
                name,
                " ".join(f"{r['deviance']:.4f}" for r in group),
                f"{np.mean([r['deviance'] for r in group]):.4f}",
                " ".join(f"{x:.3f}" for x in ratios),
                " ".join(str(r["n_iter"]) for r in group),
                f"{np.mean([r['seconds'] for r in group]):.1f}",
            ]
        )
    return header, lines


def quantile_table(rows):
    models = _by_model(rows, "quantile")
    hgbr = {
        r["seed"]: abs(r["coverage"] - 0.8)
        for r in models.get("HistGradientBoostingRegressor", [])
    }
    header = [
        "model",
        "coverage per seed",
        "mean",
        "as close as HGBR",
        "pinball 0.1",
        "pinball 0.9",
        "iterations (0.1/0.9)",
        "s",
    ]
    lines = []
    for name, group in models.items():
        closer = all(abs(r["coverage"] - 0.8) <= hgbr[r["seed"]] for r in group)
        lines.append(
            [
                name,
                " ".join(f"{r['coverage']:.3f}" for r in group),
                f"{np.mean([r['coverage'] for r in group]):.3f}",
                "yes" if closer else "no",
                f"{np.mean([r['pinball_0.1'] for r in group]):.3f}",
                f"{np.mean([r['pinball_0.9'] for r in group]):.3f}",
                " ".join("/".join(map(str, r["n_iter"])) for r in group),
                f"{np.mean([r['seconds'] for r in group]):.1f}",
            ]
        )
    return header, lines


def absolute_table(rows):
    models = _by_model(rows, "absolute")
    header = [
        "solver",
        "MAE absolute_error per seed",
        "MAE squared_error per seed",
        "mean abs / sq",
        "lower every seed",
    ]
    lines = []
    for name, group in models.items():
        absolute = [r["absolute_error"] for r in group]
        squared = [r["squared_error"] for r in group]
        lines.append(
            [
                name,
                " ".join(f"{x:.3f}" for x in absolute),
                " ".join(f"{x:.3f}" for x in squared),
                f"{np.mean(absolute):.3f} / {np.mean(squared):.3f}",
                "yes" if all(a < s for a, s in zip(absolute, squared)) else "no",
            ]
        )
    return header, lines


TABLES = {
    "poisson": ("Poisson: test mean Poisson deviance", poisson_table),
    "quantile": ("Quantile: held-out coverage of the 80% interval", quantile_table),
    "absolute": ("Heavy-tailed noise: test MAE", absolute_table),
}


def text_table(header, lines):
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines)]

    def fmt(row):
        return "  ".join(str(c).ljust(w) for c, w in zip(row, widths))

    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [*map(fmt, lines)])


def markdown_table(header, lines):
    rows = [header, ["---"] * len(header), *lines]
    return "\n".join("| " + " | ".join(map(str, row)) + " |" for row in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--panels", nargs="+", choices=list(PANELS), default=None)
    parser.add_argument("--out", default="regression_losses")
    args = parser.parse_args(argv)
    panels = args.panels or list(PANELS)
    command = shlex.join(["python", "benchmarks/regression_losses.py", *sys.argv[1:]])
    rows = []
    for panel in panels:
        for seed in args.seeds:
            for row in PANELS[panel](seed):
                print(json.dumps(row), flush=True)
                rows.append(row)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    markdown = [f"`{command}`, {stamp}", ""]
    for panel in panels:
        title, make = TABLES[panel]
        header, lines = make(rows)
        print(f"\n{title}\n{text_table(header, lines)}")
        markdown += [f"## {title}", "", markdown_table(header, lines), ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(rows, indent=1))
    (RESULTS / f"{args.out}.md").write_text("\n".join(markdown))
    print(f"\nsaved {RESULTS / args.out}.json and .md")


if __name__ == "__main__":
    main()
