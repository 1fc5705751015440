"""
==============================================================
Random search, hill climbing and SGD: evaluations and time
==============================================================

:class:`~sk_hillclimb.HillClimbMLPClassifier` trains the *same* network
whatever the ``solver``, so the solvers can be compared on equal terms:
the same objective (log-loss), the same initial weights (same
``random_state``), and their cost counted in ``n_evals_`` and seconds.

Three problems: the binary task of Jason Brownlee's tutorial `How to
Manually Optimize Neural Network Models
<https://machinelearningmastery.com/manually-optimize-neural-networks/>`__
(5 features), and the vertical data and the spiral of Kinsley and
Kukieła's `Neural Networks from Scratch in Python <https://nnfs.io>`__
(2 features, 3 classes). One network for all: 64
``relu`` hidden units.
"""

# %%
# Training
# --------
# ``"random"`` and ``"hillclimb"`` run 3,000 iterations of one candidate
# each: 3,001 full-data evaluations. ``"sgd-backprop"`` runs 1,000 epochs
# (learning rate 0.1, the default momentum 0.9); an epoch counts as one
# evaluation in ``n_evals_``, although it costs more than a forward pass
# over the data (a backward pass, and a step per minibatch): the panels
# against seconds show how much.
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb.datasets import make_spiral, make_vertical

problems = {
    "Brownlee's task": make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    ),
    "vertical": make_vertical(random_state=0),
    "spiral": make_spiral(random_state=0),
}
SOLVERS = ("random", "hillclimb", "sgd-backprop")

runs = {}
for problem, (X, y) in problems.items():
    for solver in SOLVERS:
        model = HillClimbMLPClassifier(
            (64,),
            "relu",
            solver=solver,
            step_size=0.05,
            step_scale="absolute",
            step_adaptation=None,
            restart_patience=None,
            learning_rate_init=0.1,
            max_iter=1000 if solver == "sgd-backprop" else 3000,
            tol=None,
            random_state=0,
        )
        start = time.perf_counter()
        model.fit(X, y)
        seconds = time.perf_counter() - start
        runs[problem, solver] = (model, seconds)
        print(
            f"{problem:<13} {solver:<13} loss {model.loss_:.3f}  "
            f"accuracy {model.score(X, y):.3f}  evaluations {model.n_evals_:>5}  "
            f"{seconds:.2f} s"
        )

# %%
# Loss versus evaluations and versus seconds
# ------------------------------------------
# ``loss_curve_[i]`` is the training loss after iteration ``i + 1``. A
# derivative-free iteration evaluates one candidate, so iteration ``i`` of
# ``"random"`` and ``"hillclimb"`` has cost ``i + 2`` evaluations (the start
# point is evaluated first); an epoch of ``"sgd-backprop"`` counts one.
# For the time axis the measured fit time is spread evenly over the
# iterations: every iteration of a solver does the same work.
#
# Per evaluation, backpropagation wins by far: one epoch moves every weight
# along the gradient once per minibatch, where one hill-climbing step tries
# a single random direction. Per second the picture depends on the
# problem: on the easy vertical data hill climbing keeps up, on the
# binary task and above all on the spiral backpropagation pulls ahead
# while hill climbing stalls. Random search stalls everywhere.
fig, axes = plt.subplots(2, 3, figsize=(7, 5.4), sharey="col", layout="constrained")
for col, problem in enumerate(problems):
    for solver in SOLVERS:
        model, seconds = runs[problem, solver]
        curve = np.array(model.loss_curve_)
        offset = 1 if solver == "sgd-backprop" else 2
        evaluations = np.arange(len(curve)) + offset
        elapsed = seconds * np.arange(1, len(curve) + 1) / len(curve)
        axes[0, col].plot(evaluations, curve, label=solver)
        axes[1, col].plot(elapsed, curve, label=solver)
    axes[0, col].set_xscale("log")
    axes[0, col].set_xlabel("evaluations (n_evals_)")
    axes[1, col].set_xlabel("seconds")
    axes[0, col].set_title(problem)
for row in axes:
    row[0].set_ylabel("training log-loss")
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside upper center", ncols=3)

# %%
# Accuracy reached
# ----------------
# The same runs summarised: training accuracy per problem and solver.
fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
width = 0.25
for k, solver in enumerate(SOLVERS):
    accuracy = [
        runs[problem, solver][0].score(*problems[problem]) for problem in problems
    ]
    ax.bar(np.arange(len(problems)) + (k - 1) * width, accuracy, width, label=solver)
ax.set_xticks(range(len(problems)), list(problems))
ax.set_ylabel("training accuracy")
ax.set_ylim(0, 1)
fig.legend(loc="outside upper center", ncols=3)
plt.show()
