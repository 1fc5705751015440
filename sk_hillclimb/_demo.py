"""The ``sk-hillclimb`` command (also ``python -m sk_hillclimb``).

Trains the chosen estimators with the chosen solvers on the tutorials'
data sets or on a CSV file, prints a comparison table on stdout (progress
goes to stderr) and saves the loss curves as a PNG.
"""

import argparse
import csv
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ._mlp import HillClimbMLPClassifier
from ._network import ACTIVATIONS
from ._perceptron import HillClimbPerceptron
from ._solvers import SOLVERS
from .datasets import make_spiral, make_vertical


class DemoError(Exception):
    """A problem with the user's input, reported as one line."""


def _classification(random_state):
    return make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )


def _digits(random_state):
    X, y = load_digits(return_X_y=True)
    return X / 16, y


#: Name -> (description, loader(random_state) -> (X, y)).
DATASETS = {
    "classification": (
        "tutorial 000: make_classification, 1000 rows, 5 features",
        _classification,
    ),
    "vertical": (
        "tutorial 001: make_vertical(variant='columns'), 300 points",
        lambda rs: make_vertical(300, 3, random_state=rs),
    ),
    "vertical-bands": (
        "tutorial 003: make_vertical(variant='bands'), overlapping",
        lambda rs: make_vertical(300, 3, variant="bands", random_state=rs),
    ),
    "spiral": (
        "tutorial 003: make_spiral, 300 points, 3 arms",
        lambda rs: make_spiral(300, 3, random_state=rs),
    ),
    "digits": ("tutorial 002: 8x8 digits / 16, 1797 images, 10 classes", _digits),
}
DEFAULT_DATASETS = ["classification", "vertical", "spiral"]

#: Name -> estimator class; the choices of --estimators.
ESTIMATORS = {"perceptron": HillClimbPerceptron, "mlp": HillClimbMLPClassifier}


def build_estimators(names, args):
    """The tutorial's models with its step sizes, as the options adjust them."""
    common = {
        "max_iter": args.max_iter,
        "tol": args.tol,
        "random_state": args.random_state,
    }
    models = {
        "perceptron": HillClimbPerceptron(step_size=0.05, **common),
        "mlp": HillClimbMLPClassifier(
            tuple(args.hidden_layer_sizes),
            args.activation,
            step_size=0.1,
            learning_rate_init=0.1,
            **common,
        ),
    }
    return {name: models[name] for name in names}


def load_csv(path, target):
    """Numeric features and a label column from a CSV file with a header.

    Raises :class:`DemoError` with a one-line message for anything wrong.
    """
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        reason = getattr(error, "strerror", None) or error
        raise DemoError(f"cannot read {path}: {reason}") from None
    rows = [row for row in rows if row]  # blank lines
    if len(rows) < 2:
        raise DemoError(f"{path} needs a header line and at least one data line")
    header = [name.strip() for name in rows[0]]
    if target is None:
        target = header[-1]
    if target not in header:
        raise DemoError(
            f"no column {target!r} in {path}; its columns are: {', '.join(header)}"
        )
    if len(header) < 2:
        raise DemoError(f"{path} has no feature column besides {target!r}")
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DemoError(
                f"{path}, line {line}: {len(row)} fields, the header has {len(header)}"
            )
    table = np.array(rows[1:], dtype=object)
    t = header.index(target)
    y = np.array([value.strip() for value in table[:, t]])
    features = [j for j in range(len(header)) if j != t]
    X = np.empty((len(y), len(features)))
    for k, j in enumerate(features):
        try:
            X[:, k] = table[:, j].astype(float)
        except ValueError:
            line = next(
                i for i, v in enumerate(table[:, j], start=2) if not _is_number(v)
            )
            value = table[line - 2, j]
            what = "a missing value" if not value.strip() else f"{value!r}"
            raise DemoError(
                f"{path}, line {line}: column {header[j]!r} has {what}; "
                "feature columns must be numbers"
            ) from None
    if not np.all(np.isfinite(X)):
        raise DemoError(f"{path}: the feature columns contain inf or nan")
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise DemoError(f"column {target!r} has a single value; need 2 classes")
    if len(classes) > 50 or len(classes) == len(y):
        raise DemoError(
            f"column {target!r} has {len(classes)} distinct values in {len(y)} "
            "rows; the demo trains classifiers, so the target must be a label"
        )
    if len(y) < 4 or counts.min() < 2:
        raise DemoError(
            f"{path}: every class of {target!r} needs at least 2 rows to split "
            "into train and test"
        )
    return X, y


def _is_number(value):
    try:
        float(value)
    except ValueError:
        return False
    return True


def split(datasets, args):
    """Stratified train/test split of every data set."""
    splits = {}
    for name, (X, y) in datasets.items():
        try:
            splits[name] = train_test_split(
                X, y, test_size=args.test_size, random_state=args.random_state,
                stratify=y,
            )  # fmt: skip
        except ValueError as error:
            raise DemoError(
                f"cannot split {name} into train and test: {error}"
            ) from None
    return splits


def run(splits, estimators, solvers, args, progress):
    """Fit every combination; returns one result dict per fit."""
    jobs = [
        (data_name, est_name, solver)
        for data_name in splits
        for est_name in estimators
        for solver in solvers
    ]
    results = []
    for k, (data_name, est_name, solver) in enumerate(jobs, start=1):
        X_train, X_test, y_train, y_test = splits[data_name]
        model = clone(estimators[est_name]).set_params(solver=solver)
        if args.scale:
            model = make_pipeline(StandardScaler(), model)
        label = f"[{k:>{len(str(len(jobs)))}}/{len(jobs)}] {data_name}: {est_name}"
        progress(f"{label}, solver={solver!r} ...")
        result = {"dataset": data_name, "estimator": est_name, "solver": solver}
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(X_train, y_train)
        except ValueError as error:
            result["error"] = str(error)
            progress(f"{label}, solver={solver!r}: not trained: {error}")
            results.append(result)
            continue
        fitted = model[-1] if args.scale else model
        result.update(
            seconds=time.perf_counter() - start,
            train=model.score(X_train, y_train),
            test=model.score(X_test, y_test),
            evals=fitted.n_evals_,
            iterations=fitted.n_iter_,
            loss_curve=list(fitted.loss_curve_),
            objective=fitted.objective_,
        )
        progress(
            f"{label}, solver={solver!r}: test accuracy {result['test']:.3f} "
            f"in {result['seconds']:.2f} s"
        )
        results.append(result)
    return results


def format_table(results):
    """The comparison table, one line per fit."""
    header = (
        f"{'dataset':<15}{'estimator':<12}{'solver':<14}{'train acc':>10}"
        f"{'test acc':>10}{'evals':>8}{'seconds':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        start = f"{r['dataset']:<15}{r['estimator']:<12}{r['solver']:<14}"
        if "error" in r:
            lines.append(start + f"{'not trained (see above)':>37}")
            continue
        lines.append(
            start + f"{r['train']:>10.3f}{r['test']:>10.3f}{r['evals']:>8}"
            f"{r['seconds']:>9.2f}"
        )
    return "\n".join(lines)


def plot_loss_curves(results, path):
    """One panel per data set and estimator, one curve per solver."""
    from matplotlib.figure import Figure

    panels = list(dict.fromkeys((r["dataset"], r["estimator"]) for r in results))
    datasets = list(dict.fromkeys(p[0] for p in panels))
    estimators = list(dict.fromkeys(p[1] for p in panels))
    fig = Figure(figsize=(4.2 * len(estimators), 3.2 * len(datasets)))
    axes = fig.subplots(len(datasets), len(estimators), squeeze=False)
    for r in results:
        if "error" in r:
            continue
        ax = axes[datasets.index(r["dataset"]), estimators.index(r["estimator"])]
        curve = r["loss_curve"]
        ax.plot(
            np.arange(1, len(curve) + 1),
            curve,
            label=f"{r['solver']} ({r['objective']})",
        )
    for i, data_name in enumerate(datasets):
        for j, est_name in enumerate(estimators):
            ax = axes[i, j]
            ax.set_xscale("log")
            ax.set_title(f"{data_name}: {est_name}", fontsize=10)
            ax.set_xlabel("iteration (epoch for sgd-backprop)", fontsize=8)
            ax.set_ylabel("training loss", fontsize=8)
            if ax.lines:
                ax.legend(fontsize=7, title="solver (objective)", title_fontsize=7)
    fig.suptitle("sk_hillclimb demo: loss curves")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _fraction(text):
    value = float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def make_parser(prog="sk-hillclimb"):
    datasets = "\n".join(f"  {k:<15} {d}" for k, (d, _) in DATASETS.items())
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(
            "Train sk_hillclimb's estimators with each solver on the tutorials' "
            "data sets or on your CSV file, print a table of train/test "
            "accuracy, evaluations and time, and save the loss curves as a PNG. "
            "Progress goes to stderr, the table to stdout."
        ),
        epilog=(
            f"data sets (--dataset):\n{datasets}\n\n"
            + textwrap.fill(
                "models: 'perceptron' is HillClimbPerceptron(step_size=0.05); "
                "'mlp' is HillClimbMLPClassifier(hidden_layer_sizes, activation, "
                "step_size=0.1, learning_rate_init=0.1), as in tutorial 000. "
                "Every fit runs --max-iter iterations unless --tol is given."
            )
            + "\n\n"
            "examples:\n"
            f"  {prog}\n"
            f"  {prog} --dataset spiral digits --solvers hillclimb sgd-backprop\n"
            f"  {prog} --csv iris.csv --target species --output iris.png"
        ),
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--dataset",
        nargs="+",
        choices=list(DATASETS),
        default=None,
        metavar="NAME",
        help="tutorial data sets to train on, one or more of: "
        f"{', '.join(DATASETS)} (default: {' '.join(DEFAULT_DATASETS)})",
    )
    source.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="train on this CSV file instead: a header line, numeric feature "
        "columns and a label column (see --target); features are standardised",
    )
    parser.add_argument(
        "--target",
        metavar="COLUMN",
        help="name of the label column of --csv (default: the last column)",
    )
    parser.add_argument(
        "--estimators",
        nargs="+",
        choices=list(ESTIMATORS),
        default=list(ESTIMATORS),
        metavar="NAME",
        help=f"models to train: {', '.join(ESTIMATORS)} (default: all)",
    )
    parser.add_argument(
        "--solvers",
        nargs="+",
        choices=list(SOLVERS),
        default=list(SOLVERS),
        metavar="NAME",
        help=f"solvers to use: {', '.join(SOLVERS)} (default: all)",
    )
    parser.add_argument(
        "--max-iter",
        type=_positive_int,
        default=1000,
        metavar="N",
        help="iterations (epochs for sgd-backprop) per fit (default: 1000)",
    )
    parser.add_argument(
        "--tol",
        type=float,
        default=None,
        metavar="TOL",
        help="stop a fit when its training loss has not improved by TOL for the "
        "solver's patience (the estimators' n_iter_no_change='auto'); default: "
        "no early stop, every fit runs --max-iter iterations",
    )
    parser.add_argument(
        "--hidden-layer-sizes",
        type=_positive_int,
        nargs="+",
        default=[10],
        metavar="N",
        help="units per hidden layer of the mlp (default: 10)",
    )
    parser.add_argument(
        "--activation",
        choices=list(ACTIVATIONS),
        default="logistic",
        help="hidden activation of the mlp (default: logistic); 'step' cannot "
        "be trained by sgd-backprop",
    )
    parser.add_argument(
        "--test-size",
        type=_fraction,
        default=0.33,
        metavar="F",
        help="fraction of the rows held out for the test accuracy, stratified "
        "(default: 0.33)",
    )
    parser.add_argument(
        "--random-state",
        type=int,
        default=1,
        metavar="N",
        help="seed of the train/test split, the training and the 2-D data sets "
        "(the classification data set is tutorial 000's, seed 1) (default: 1)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("demo_output/loss_curves.png"),
        metavar="PNG",
        help="where to save the loss curves (default: demo_output/loss_curves.png)",
    )
    parser.add_argument(
        "--no-plot", action="store_true", help="do not draw the loss curves"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress messages on stderr"
    )
    return parser


def main(argv=None, prog="sk-hillclimb"):
    """Run the demo; returns the exit status (0, or 2 for bad input)."""
    parser = make_parser(prog)
    args = parser.parse_args(argv)
    if args.target is not None and args.csv is None:
        parser.error("--target needs --csv")

    def progress(message):
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        if args.csv is not None:
            X, y = load_csv(args.csv, args.target)
            progress(f"{args.csv}: {X.shape[0]} rows, {X.shape[1]} features, "
                     f"{len(np.unique(y))} classes")  # fmt: skip
            datasets = {args.csv.stem: (X, y)}
        else:
            names = args.dataset or DEFAULT_DATASETS
            datasets = {n: DATASETS[n][1](args.random_state) for n in names}
        splits = split(datasets, args)
    except DemoError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    args.scale = args.csv is not None
    estimators = build_estimators(args.estimators, args)
    results = run(splits, estimators, args.solvers, args, progress)
    print(format_table(results), flush=True)
    if not args.no_plot:
        try:
            plot_loss_curves(results, args.output)
        except ImportError:
            progress(
                "matplotlib is not installed, so no PNG was written; "
                "pip install 'sk_hillclimb[demo]' to get it"
            )
        else:
            progress(f"loss curves saved to {args.output}")
    return 0
