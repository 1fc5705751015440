"""
==============
Watching a fit
==============

What happens *during* a fit, three ways: the curves every fit records
(``loss_curve_``, ``best_loss_curve_``, ``n_evals_curve_``,
``time_curve_``, ``restarts_``), drawn by
:class:`~sk_hillclimb.TrainingCurveDisplay`; the ``callback`` parameter,
called after every iteration with a ``FitProgress`` that can build the
network of that moment; and, with scikit-learn 1.9 or later,
scikit-learn's own callbacks (``set_callbacks``): a ``ScoringMonitor`` and
a ``ProgressBar``.

One problem throughout, the classic course exercise of randomized
optimization of network weights: scikit-learn's breast cancer data (569
tumours, 30 features, standardized), a 30-10-1 network, and a quarter of
the rows held out for testing.
"""

# %%
# The data and the network
# ------------------------
import re
import sys
import time
import warnings
from contextlib import contextmanager

import matplotlib.pyplot as plt
import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sk_hillclimb import HillClimbMLPClassifier, TrainingCurveDisplay
from sk_hillclimb._solvers import SOLVERS

X, y = load_breast_cancer(return_X_y=True)
X_train_raw, X_test_raw, y_train, y_test = train_test_split(X, y, random_state=0)
scaler = StandardScaler().fit(X_train_raw)
X_train, X_test = scaler.transform(X_train_raw), scaler.transform(X_test_raw)
print(f"{len(X_train)} training rows, {len(X_test)} test rows")


def fit_quietly(estimator, X, y):
    """``estimator.fit(X, y)`` without the ConvergenceWarning of a budget."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(X, y)


# %%
# Test accuracy during the fit, through ``callback``
# --------------------------------------------------
# ``callback(progress)`` is called after every iteration. ``progress``
# holds plain numbers (``n_iter``, ``n_evals``, ``time``, ``loss``,
# ``best_loss``, ...) and builds, only when asked and only inside the
# callback, the network the fit would return if it stopped now:
# ``progress.fitted_estimator()``. Scoring that on the test set after every
# iteration would cost more than many of the iterations, so the recorder
# below scores it when the fit passes one of at most 40 numbers of
# evaluations spaced evenly on a log scale, and keeps the seconds its own
# scoring took off the clock. (Returning True from a callback would stop
# the fit.)
#
# Every solver of the registry trains the same network from the same
# initial weights with the same budget, ``max_evals=10_000``. An epoch of a
# gradient solver counts one evaluation, and their own stopping rule
# (``tol``) ends them after a few hundred epochs, long before the budget.
# The others end at the budget, the population solvers with a
# ``ConvergenceWarning`` that says so; ``fit_quietly`` silences it.
budget = 10_000
checkpoints = np.unique(np.geomspace(1, budget, 40).astype(int))


class TestAccuracy:
    """A callback: the test accuracy each time the fit passes a checkpoint."""

    def __init__(self):
        self.passed, self.scoring_time = 0, 0.0
        self.n_evals, self.seconds, self.accuracy = [], [], []

    def __call__(self, progress):
        passed = np.searchsorted(checkpoints, progress.n_evals, side="right")
        if passed > self.passed:
            start = time.perf_counter()
            self.passed = passed
            self.n_evals.append(progress.n_evals)
            # the seconds of training: this callback's own scoring left out
            self.seconds.append(progress.time - self.scoring_time)
            clf = progress.fitted_estimator()
            self.accuracy.append(clf.score(X_test, y_test))
            self.scoring_time += time.perf_counter() - start


# The first fit of a process looks up the BLAS libraries it may limit to
# one thread (threadpoolctl), a one-off cost of some milliseconds: paid
# here, so that it does not count on the clock of the first solver.
fit_quietly(HillClimbMLPClassifier((10,), max_iter=1), X_train, y_train)

fits, records = {}, {}
for solver in SOLVERS:
    records[solver] = TestAccuracy()
    fits[solver] = HillClimbMLPClassifier(
        (10,), solver=solver, max_evals=budget, callback=records[solver], random_state=0
    )
    fit_quietly(fits[solver], X_train, y_train)
    print(
        f"{solver:>12}: {fits[solver].n_iter_:>5} iterations, "
        f"{fits[solver].n_evals_:>6} evaluations, "
        f"{fits[solver].time_curve_[-1] - records[solver].scoring_time:.2f} s, "
        f"test accuracy {fits[solver].score(X_test, y_test):.3f}"
    )

# %%
# Each line is built from the recorded lists with the general constructor
# of :class:`~sk_hillclimb.TrainingCurveDisplay`, against evaluations and
# against seconds (which counts what an evaluation costs: a generation of
# ``genetic`` or ``cmaes`` is scored in one batched pass, an epoch of
# backpropagation costs several forward passes). The population solvers
# have a first point only after their first generation, and random search
# stalls lowest. Below, the first checkpoint at which each fit scored 95%
# or more on the test set.
fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharey=True, layout="constrained")
for solver, record in records.items():
    for ax, x, x_label in [
        (axes[0], record.n_evals, "Objective evaluations"),
        (axes[1], record.seconds, "Seconds since the start of training"),
    ]:
        TrainingCurveDisplay(
            x=x,
            loss=record.accuracy,
            x_label=x_label,
            y_label="Test accuracy",
            name=solver,
        ).plot(ax=ax)
for ax in axes:
    ax.set_xscale("log")
axes[1].get_legend().remove()
plt.show()

for solver, record in records.items():
    reached = [n for n, a in zip(record.n_evals, record.accuracy) if a >= 0.95]
    print(f"{solver:>12}: " + (f"{reached[0]} evaluations" if reached else "never"))

# %%
# Annealing: the point it holds, and the best so far
# --------------------------------------------------
# ``loss_curve_`` is the training loss of the point the solver holds after
# each iteration, ``best_loss_curve_`` the lowest loss so far;
# ``kind="both"`` draws the first solid and the second dashed. Simulated
# annealing sometimes accepts a worse network, most often early, while the
# temperature is high: there the solid line rises above the dashed one. Over
# the whole fit (left, log scale) the two lines are one; the first 400
# iterations (right) show the uphill moves.
anneal = fits["anneal"]
loss, best = np.asarray(anneal.loss_curve_), np.asarray(anneal.best_loss_curve_)
rises = np.diff(loss) / loss[:-1]
uphill = np.flatnonzero(rises > 0) + 2  # the iterations that raised the loss
print(
    f"anneal: {uphill.size} uphill moves in {anneal.n_iter_} iterations, "
    f"{np.sum(uphill <= 400)} of them in the first 400; the largest raised the "
    f"loss by {rises.max():.0%}, the last came at iteration {uphill[-1]}"
)
fig, axes = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
TrainingCurveDisplay.from_estimator(anneal, kind="both", ax=axes[0])
TrainingCurveDisplay.from_estimator(anneal, kind="both", ax=axes[1])
axes[0].set_yscale("log")
axes[1].set(xlim=(0, 400), ylim=(0.9 * best[399], 1.1 * loss[10:400].max()))
axes[1].set_title("the first 400 iterations", fontsize="medium")
plt.show()

# %%
# Hill climbing's restarts
# ------------------------
# With ``restart_patience=100`` a hill climb that has not lowered its loss
# by ``tol`` (1e-4) in 100 iterations starts again from fresh random
# weights, keeping the best network over all its runs. On this problem the
# training loss keeps falling towards zero, ever more slowly, so a run ends
# once its loss is small enough to gain less than ``tol`` in 100
# iterations. The current loss jumps back up at each restart, the
# best-so-far line does not (it moves only when a later run beats the
# earlier ones), and ``from_estimator`` marks the restarts (``restarts_``,
# indices into the curves) with dotted vertical lines.
climber = HillClimbMLPClassifier(
    (10,), max_evals=budget, restart_patience=100, random_state=0
)
fit_quietly(climber, X_train, y_train)
print(f"n_restarts_ = {climber.n_restarts_}, restarts_ = {climber.restarts_}")
runs = np.split(np.asarray(climber.loss_curve_), climber.restarts_)
print("lowest training loss of each run:", ", ".join(f"{r.min():.4f}" for r in runs))
print(f"test accuracy {climber.score(X_test, y_test):.3f}")
display = TrainingCurveDisplay.from_estimator(climber, kind="both")
display.ax_.set_yscale("log")
_ = display.ax_.legend(loc="lower left")
plt.show()

# %%
# scikit-learn's callbacks: a scoring monitor
# -------------------------------------------
# scikit-learn 1.9 added callbacks set on an estimator with
# ``set_callbacks``; they see a fit as a tree of tasks. Here the fit's
# sub-tasks are blocks of iterations: an epoch for the gradient solvers;
# for the derivative-free ones 1, 2, 5, 10, 20, 50, ... iterations, the
# smallest that cuts the iterations the budget allows into at most 100
# blocks (100 here, as printed below). A ``ScoringMonitor`` scores, at
# the end of each block, the network the fit would return then: the same
# curves as in the first figure (these are the same fits, so the same
# weights), now through scikit-learn's API. Its logs are a list of dicts,
# one per task, named ``"epoch 3"`` or ``"iterations 101-200"``; the last
# number of the name is the iteration the score was taken at.
try:
    from sklearn.callback import ScoringMonitor
except ImportError:
    ScoringMonitor = None
    print(
        "scikit-learn's callbacks need scikit-learn 1.9 or later "
        f"(this is {sklearn.__version__}): this section is skipped."
    )


def held_out_accuracy(estimator, X, y):
    """A scorer that ignores the training data it is given."""
    return estimator.score(X_test, y_test)


if ScoringMonitor is not None:
    fig, ax = plt.subplots()
    for solver in ["adam", "hillclimb"]:
        monitor = ScoringMonitor(scoring={"test_accuracy": held_out_accuracy})
        clf = HillClimbMLPClassifier(
            (10,), solver=solver, max_evals=budget, random_state=0
        )
        clf.set_callbacks(monitor)
        fit_quietly(clf, X_train, y_train)
        blocks = [row for row in monitor.get_logs().data if row["task_name"] != "fit"]
        names = [row["task_name"] for row in blocks]
        print(f"{solver}: {len(blocks)} blocks, {names[0]!r} to {names[-1]!r}")
        TrainingCurveDisplay(
            x=[int(re.findall(r"\d+", name)[-1]) for name in names],
            loss=[row["test_accuracy"] for row in blocks],
            x_label="Iterations (epochs for adam)",
            y_label="Test accuracy",
            name=solver,
        ).plot(ax=ax)
    ax.set_xscale("log")
    plt.show()

# %%
# scikit-learn's callbacks: a progress bar
# ----------------------------------------
# ``ProgressBar`` (it needs the ``rich`` package) draws a bar per task, and
# is propagated from a meta-estimator to the estimators it fits: here a
# grid search over ``solver`` ("hillclimb" or "adam"), two folds each, over
# a pipeline that scales
# the raw features first (``max_propagation_depth=None`` shows every
# level). In a terminal the bars are live; when the output goes elsewhere
# (a file, or the docs build that made this page) ``rich`` writes them
# once, when the fit ends. ``plain_bars`` makes that plain text, wide
# enough for the task names, and does nothing in a terminal.
try:
    from sklearn.callback import ProgressBar

    progress_bar = ProgressBar(max_propagation_depth=None)
except ImportError:
    progress_bar = None
    print("ProgressBar needs scikit-learn 1.9 or later and rich.")


@contextmanager
def plain_bars(width=110):
    """Rich's console as plain text, ``width`` wide, unless in a terminal."""
    if sys.stdout.isatty():
        yield
        return
    import rich

    console = rich.get_console()
    settings = console.__dict__
    rich.reconfigure(width=width, force_terminal=False, color_system=None)
    try:
        yield
    finally:
        console.__dict__ = settings


if progress_bar is not None:
    pipe = make_pipeline(
        StandardScaler(), HillClimbMLPClassifier((10,), max_evals=2000, random_state=0)
    )
    search = GridSearchCV(
        pipe,
        {"hillclimbmlpclassifier__solver": ["adam", "hillclimb"]},
        cv=2,
        n_jobs=1,
    )
    search.set_callbacks(progress_bar)
    with plain_bars():
        fit_quietly(search, X_train_raw, y_train)
    accuracy = search.score(X_test_raw, y_test)
    print(f"best: {search.best_params_}, test accuracy {accuracy:.3f}")

# %%
# What each curve means
# ---------------------
# - ``loss_curve_``: the training loss of the network the solver holds
#   after each iteration. It rises when annealing accepts a worse network
#   and when hill climbing restarts.
# - ``best_loss_curve_``: the lowest training loss so far, never rising;
#   for the derivative-free solvers its last value is the loss of the
#   network ``fit`` returns.
# - ``n_evals_curve_`` and ``time_curve_``: the evaluations and seconds
#   after each iteration, the x axes that compare solvers whose iterations
#   cost different amounts (``x="evaluations"`` or ``x="seconds"`` in
#   ``from_estimator``).
# - ``restarts_``: the iterations that began a new run, marked by dotted
#   vertical lines.
# - A held-out score is no fitted curve: record it with ``callback`` and
#   ``progress.fitted_estimator()``, or with scikit-learn's
#   ``ScoringMonitor``, and draw it with the general constructor of
#   :class:`~sk_hillclimb.TrainingCurveDisplay`.
