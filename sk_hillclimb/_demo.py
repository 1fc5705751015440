"""The ``sk-hillclimb`` command (also ``python -m sk_hillclimb``).

Trains the chosen estimators with the chosen solvers on the tutorials'
data sets or on a CSV file (classification or regression), prints a
comparison table on stdout (progress goes to stderr) and saves the loss
curves as a PNG.
"""

import argparse
import sys
import textwrap
import time
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import __version__
from ._demo_csv import (
    MAX_AUTO_CLASSES,
    MISSING,
    ROWS_PER_CLASS,
    TASKS,
    DemoError,
    load_csv,
)
from ._mlp import HillClimbMLPClassifier
from ._mlp_regressor import HillClimbMLPRegressor
from ._network import ACTIVATIONS
from ._perceptron import HillClimbPerceptron
from ._solvers import SOLVERS
from .datasets import make_spiral, make_vertical

__all__ = ["DATASETS", "DemoError", "ESTIMATORS", "main", "make_parser"]


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
        "Brownlee (2020): make_classification, 1000 rows, 5 features",
        _classification,
    ),
    "vertical": (
        "Kinsley & Kukiela (2020): make_vertical(variant='columns'), 300 points",
        lambda rs: make_vertical(300, 3, random_state=rs),
    ),
    "vertical-bands": (
        "Kinsley & Kukiela's notebook: make_vertical(variant='bands')",
        lambda rs: make_vertical(300, 3, variant="bands", random_state=rs),
    ),
    "spiral": (
        "Kinsley & Kukiela (2020): make_spiral, 300 points, 3 arms",
        lambda rs: make_spiral(300, 3, random_state=rs),
    ),
    "digits": ("Hjorth-Jensen (2018): 8x8 digits / 16, 1797 images", _digits),
}
DEFAULT_DATASETS = ["classification", "vertical", "spiral"]


def _common(args):
    return {
        "max_iter": args.max_iter,
        "tol": args.tol,
        "random_state": args.random_state,
    }


def _perceptron(args, task):
    if task == "regression":
        # no hidden layer: one linear unit, the perceptron's regression twin
        return HillClimbMLPRegressor((), step_size=0.05, **_common(args))
    return HillClimbPerceptron(step_size=0.05, **_common(args))


def _mlp(args, task):
    mlp = HillClimbMLPRegressor if task == "regression" else HillClimbMLPClassifier
    return mlp(
        tuple(args.hidden_layer_sizes),
        args.activation,
        step_size=0.1,
        learning_rate_init=0.1,
        **_common(args),
    )


#: Name -> make(args, task) -> the unfitted estimator; the choices of
#: --estimators. The step sizes are those of Brownlee's tutorial.
ESTIMATORS = {"perceptron": _perceptron, "mlp": _mlp}


class Dataset(NamedTuple):
    """A data set split for the demo, with what its models need."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    task: str  # "classification" or "regression"
    preprocessor: object = None  # unfitted step before each model, or None


def split(X, y, args, task="classification", preprocessor=None):
    """Train/test split, stratified for classification."""
    stratify = y if task == "classification" else None
    try:
        parts = train_test_split(
            X, y, test_size=args.test_size, random_state=args.random_state,
            stratify=stratify,
        )  # fmt: skip
    except ValueError as error:
        raise DemoError(f"cannot split into train and test: {error}") from None
    if task == "regression" and min(len(parts[2]), len(parts[3])) < 2:
        raise DemoError(
            f"{len(y)} rows split into {len(parts[2])} for training and "
            f"{len(parts[3])} for testing (--test-size {args.test_size}); R^2 "
            "needs at least 2 rows in each"
        )
    return Dataset(*parts, task, preprocessor)


def make_model(name, solver, task, preprocessor, args):
    """The estimator ``name`` with ``solver``: for a CSV file, after the
    preprocessor, and a regressor learns the standardised target."""
    model = ESTIMATORS[name](args, task).set_params(solver=solver)
    if task == "regression":
        model = TransformedTargetRegressor(model, transformer=StandardScaler())
    if preprocessor is not None:
        model = make_pipeline(clone(preprocessor), model)
    return model


def _fitted_network(model):
    """The fitted sk_hillclimb estimator inside a pipeline or target wrapper."""
    if hasattr(model, "steps"):
        model = model[-1]
    return getattr(model, "regressor_", model)


def run(datasets, names, solvers, args, progress):
    """Fit every combination; returns one result dict per fit."""
    jobs = [
        (data_name, est_name, solver)
        for data_name in datasets
        for est_name in names
        for solver in solvers
    ]
    results = []
    for k, (data_name, est_name, solver) in enumerate(jobs, start=1):
        data = datasets[data_name]
        model = make_model(est_name, solver, data.task, data.preprocessor, args)
        metric = "R^2" if data.task == "regression" else "accuracy"
        label = f"[{k:>{len(str(len(jobs)))}}/{len(jobs)}] {data_name}: {est_name}"
        progress(f"{label}, solver={solver!r} ...")
        result = {"dataset": data_name, "estimator": est_name, "solver": solver}
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(data.X_train, data.y_train)
        except ValueError as error:
            result["error"] = str(error)
            progress(f"{label}, solver={solver!r}: not trained: {error}")
            results.append(result)
            continue
        fitted = _fitted_network(model)
        result.update(
            seconds=time.perf_counter() - start,
            train=model.score(data.X_train, data.y_train),
            test=model.score(data.X_test, data.y_test),
            evals=fitted.n_evals_,
            iterations=fitted.n_iter_,
            loss_curve=list(fitted.loss_curve_),
            objective=fitted.objective_,
        )
        progress(
            f"{label}, solver={solver!r}: test {metric} {result['test']:.3f} "
            f"in {result['seconds']:.2f} s"
        )
        results.append(result)
    return results


def format_table(results, score="acc"):
    """The comparison table, one line per fit; ``score`` names the score
    column ("acc" or "R2")."""
    header = (
        f"{'dataset':<15}{'estimator':<12}{'solver':<14}{'train ' + score:>10}"
        f"{'test ' + score:>10}{'evals':>8}{'seconds':>9}"
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


def _paragraph(text):
    return textwrap.fill(text, width=79)


def _delimiter(text):
    if text.lower() in ("tab", "\\t"):
        return "\t"
    if len(text) != 1 or text in '\r\n"':
        raise argparse.ArgumentTypeError(
            f"must be one character (not a quote or newline) or 'tab', got {text!r}"
        )
    return text


def make_parser(prog="sk-hillclimb"):
    """The command line: data, models and output options, with their help."""
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_paragraph(
            "Train sk_hillclimb's estimators with each solver on the tutorials' "
            "data sets or on your CSV file (classification or regression), "
            "print a table of train/test accuracy (R^2 for a regression), "
            "evaluations and time, and save the loss curves as a PNG. "
            "Progress goes to stderr, the table to stdout."
        ),
        epilog=_epilog(prog),
    )
    _add_data_options(parser)
    _add_model_options(parser)
    _add_output_options(parser)
    return parser


def _epilog(prog):
    """The help's closing text: data sets, models, CSV files, examples."""
    datasets = "\n".join(f"  {k:<15} {d}" for k, (d, _) in DATASETS.items())
    missing = ", ".join(sorted(repr(m) for m in MISSING if m))
    csv_files = [
        "A CSV file has a header line; the delimiter (',' ';' or tab) is "
        "sniffed from its first lines unless --delimiter is given. A cell "
        f"that is blank or one of {missing} (any case) is missing.",
        "The task: with --task auto (the default) the target is a class "
        "label when it holds text, or whole numbers with at most "
        f"{MAX_AUTO_CLASSES} distinct values and at least {ROWS_PER_CLASS} "
        "rows per value, or just two distinct whole numbers; any other "
        "numbers make a regression, which the table scores by R^2 instead "
        "of accuracy. Rows whose target is missing are dropped, with a "
        "warning on stderr that says how many.",
        "Features: numeric columns are standardised, text columns one-hot "
        "encoded (a category not seen in training encodes as zeros); a "
        "missing feature value is imputed, by the training median in a "
        "numeric column and as a category of its own in a text column. All "
        "of it happens in a pipeline fitted on the training rows only. A "
        "text column whose values are mostly numbers gets a warning (a typo?). "
        "With "
        "a ';' or tab delimiter, a column of numbers written with a decimal "
        "comma (1,5) is read as numbers.",
    ]
    return (
        f"data sets (--dataset):\n{datasets}\n\n"
        "sources:\n"
        "  Jason Brownlee, How to Manually Optimize Neural Network Models,\n"
        "    https://machinelearningmastery.com/manually-optimize-neural-networks/\n"
        "  Harrison Kinsley and Daniel Kukiela, Neural Networks from Scratch\n"
        "    in Python, https://nnfs.io\n"
        "  Morten Hjorth-Jensen, Data Analysis and Machine Learning: Neural\n"
        "    networks, https://compphysics.github.io/MachineLearning/\n\n"
        + _paragraph(
            "models: 'perceptron' is HillClimbPerceptron(step_size=0.05); "
            "'mlp' is HillClimbMLPClassifier(hidden_layer_sizes, activation, "
            "step_size=0.1, learning_rate_init=0.1), as in Brownlee's tutorial. "
            "For a regression, 'mlp' is HillClimbMLPRegressor with the same "
            "parameters and 'perceptron' is HillClimbMLPRegressor((), "
            "step_size=0.05), one linear unit; both learn the standardised "
            "target. Every fit runs --max-iter iterations unless --tol is "
            "given."
        )
        + "\n\nCSV files (--csv):\n"
        + "\n\n".join(_paragraph(text) for text in csv_files)
        + "\n\n"
        "examples:\n"
        f"  {prog}\n"
        f"  {prog} --dataset spiral digits --solvers hillclimb sgd-backprop\n"
        f"  {prog} --csv iris.csv --target species --output iris.png\n"
        f"  {prog} --csv diabetes.csv --task regression --estimators mlp"
    )


def _add_data_options(parser):
    """What to train on: a tutorial data set or a CSV file (and --version)."""
    parser.add_argument(
        "--version",
        action="version",
        version=f"sk-hillclimb {__version__}",
        help="print the version of sk_hillclimb and exit",
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
        help="train on this CSV file instead: a header line, feature columns "
        "(numbers or text) and a target column (see --target, --task and "
        "'CSV files' below)",
    )
    parser.add_argument(
        "--target",
        metavar="COLUMN",
        help="name of the target column of --csv (default: the last column)",
    )
    parser.add_argument(
        "--task",
        choices=TASKS,
        default="auto",
        help="classification or regression of the --csv target; 'auto' "
        "decides from the target as described below (default: auto)",
    )
    parser.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        help="field delimiter of --csv, one character or 'tab' (default: "
        "sniffed among ',' ';' and tab)",
    )


def _add_model_options(parser):
    """Which estimators and solvers, and their settings."""
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


def _add_output_options(parser):
    """The split, the seed and what is printed or saved."""
    parser.add_argument(
        "--test-size",
        type=_fraction,
        default=0.33,
        metavar="F",
        help="fraction of the rows held out for the test score, stratified "
        "for classification (default: 0.33)",
    )
    parser.add_argument(
        "--random-state",
        type=int,
        default=1,
        metavar="N",
        help="seed of the train/test split, the training and the 2-D data sets "
        "(the classification data set is Brownlee's, seed 1) (default: 1)",
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
        "--quiet",
        action="store_true",
        help="no progress messages on stderr (the warnings about the data of "
        "--csv are still shown)",
    )


def main(argv=None, prog="sk-hillclimb"):
    """Run the demo; returns the exit status (0, or 2 for bad input)."""
    parser = make_parser(prog)
    args = parser.parse_args(argv)
    if args.csv is None:
        for option in ["target", "delimiter", "task"]:
            if getattr(args, option) not in (None, "auto"):
                parser.error(f"--{option} needs --csv")

    def progress(message):
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        datasets = load_datasets(args, prog, progress)
    except DemoError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    results = run(datasets, args.estimators, args.solvers, args, progress)
    tasks = {data.task for data in datasets.values()}
    print(format_table(results, "R2" if tasks == {"regression"} else "acc"))
    sys.stdout.flush()
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


def load_datasets(args, prog, progress):
    """Name -> :class:`Dataset`: the CSV file, or the chosen tutorial sets.

    What the reader changed in a CSV file is printed on stderr even with
    --quiet: it changes what the models learn.
    """
    if args.csv is None:
        names = args.dataset or DEFAULT_DATASETS
        return {
            name: split(*DATASETS[name][1](args.random_state), args) for name in names
        }
    data = load_csv(args.csv, args.target, args.delimiter, args.task)
    for message in data.warnings:
        print(f"{prog}: warning: {message}", file=sys.stderr, flush=True)
    dataset = split(data.X, data.y, args, data.task, data.preprocessor())
    progress(f"{args.csv}: {data.describe()}")
    return {args.csv.stem: dataset}
