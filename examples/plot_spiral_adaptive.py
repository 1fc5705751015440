"""
=====================================================
Hill climbing that adapts: the spiral, and the knobs
=====================================================

The hill climber of Kinsley and Kukieła's `Neural Networks from Scratch in
Python <https://nnfs.io>`__ (chapter 6) perturbs every weight by
``0.05 * N(0, 1)`` and
keeps the change if the loss does not go up. On the three-armed spiral it
stalls near 40% training accuracy: the loss barely moves in 10,000
iterations, and ten times more iterations leave it below 51% (four seeds,
either network below).

The same estimator with ``step_adaptation="one-fifth"`` (and random
restarts as a safety net) reaches 78% on the same (16,) tanh network in
100,000 iterations.
The second half of the example shows, on a smaller problem, what each
search option does to the loss curve: these are the figures of the user
guide's page on tuning the search.
"""

# %%
# The spiral
# ----------
# The book's ``spiral_data``: three arms of 100 points each, in the book's
# order.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb.datasets import make_spiral

X, y = make_spiral(n_samples=300, n_classes=3, shuffle=False, random_state=0)

# %%
# Three climbers
# --------------
# The tutorial's network (3 ReLU units) and a (16,) tanh network with the
# tutorial's fixed step, then the (16,) network with the one-fifth success
# rule: the step grows while more than one step in five succeeds and
# shrinks otherwise. ``restart_patience`` starts over from fresh weights
# when a run improves its loss by less than ``tol`` in 5000 iterations.
# The tutorial's step: absolute (the same for every weight), fixed, and
# no restarts; the defaults scale, adapt and restart it.
tutorial = {"step_scale": "absolute", "step_adaptation": None, "restart_patience": None}
climbers = {
    "tutorial: (3,) relu, step 0.05": HillClimbMLPClassifier(
        (3,),
        "relu",
        step_size=0.05,
        max_iter=10_000,
        tol=None,
        random_state=0,
        **tutorial,
    ),
    "(16,) tanh, step 0.05": HillClimbMLPClassifier(
        (16,),
        "tanh",
        step_size=0.05,
        max_iter=10_000,
        tol=None,
        random_state=0,
        **tutorial,
    ),
    "(16,) tanh, one-fifth rule + restarts": HillClimbMLPClassifier(
        (16,),
        "tanh",
        step_size=0.05,
        step_scale="absolute",
        step_adaptation="one-fifth",
        restart_patience=5000,
        max_iter=100_000,
        random_state=0,
    ),
}
for name, clf in climbers.items():
    clf.fit(X, y)
    print(
        f"{name:<40} train accuracy {clf.score(X, y):.3f}, "
        f"{clf.n_evals_} evaluations, final loss {clf.loss_:.3f}"
    )

# %%
# Loss curves and decision regions
# --------------------------------
# The fixed steps flatten out at a log-loss near 1.06 (chance is
# ``log 3 = 1.10``); the adaptive climb keeps going down.
fig, axes = plt.subplot_mosaic(
    [["loss", "loss"], ["fixed", "adaptive"]],
    figsize=(7, 7.2),
    height_ratios=[1, 1.3],
    layout="constrained",
)
for name, clf in climbers.items():
    evals = 1 + np.arange(1, clf.n_iter_ + 1) * clf.n_candidates
    label = f"{name} ({clf.score(X, y):.0%})"
    axes["loss"].plot(evals, clf.loss_curve_, label=label)
axes["loss"].set(
    xscale="log", xlabel="evaluations", ylabel="training log-loss", title="Loss"
)
# Every curve starts near 1.2 and only the adaptive one comes down, at the
# right: the lower left corner is free for the legend.
axes["loss"].legend(loc="lower left")
xx, yy = np.meshgrid(np.linspace(-1.1, 1.1, 200), np.linspace(-1.1, 1.1, 200))
grid = np.c_[xx.ravel(), yy.ravel()]
for key, (name, clf) in zip(["fixed", "adaptive"], list(climbers.items())[1:]):
    ax = axes[key]
    ax.contourf(xx, yy, clf.predict(grid).reshape(xx.shape), alpha=0.3, cmap="brg")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=8, cmap="brg")
    ax.set(title=f"{name}:\n{clf.score(X, y):.0%} training accuracy")
    ax.set(xticks=[], yticks=[], aspect="equal")

# %%
# What each option does to the loss curve
# ---------------------------------------
# A three-class ``make_classification`` problem and an (8,) tanh network,
# 4000 evaluations per curve, plotted against evaluations so that
# ``n_candidates`` is compared at equal cost.
Xc, yc = make_classification(
    n_samples=300, n_features=10, n_informative=5, n_classes=3, random_state=0
)
budget = 4000


def curve(ax, label, **params):
    params = {"step_size": 0.1, "tol": None, "random_state": 0, **tutorial, **params}
    n = params.get("n_candidates", 1)
    clf = HillClimbMLPClassifier((8,), "tanh", max_iter=budget // n, **params)
    clf.fit(Xc, yc)
    evals = 1 + np.arange(1, clf.n_iter_ + 1) * n
    ax.plot(evals, clf.loss_curve_, label=f"{label}: {clf.loss_:.3f}")


panels = {
    "Fixed steps, one-fifth rule": [
        ("step 0.01", {"step_size": 0.01}),
        ("step 0.1", {}),
        ("step 1.0", {"step_size": 1.0}),
        ("one-fifth from 0.1", {"step_adaptation": "one-fifth"}),
        ("one-fifth from 1.0", {"step_adaptation": "one-fifth", "step_size": 1.0}),
    ],
    "n_candidates (one-fifth)": [
        (f"n_candidates={n}", {"step_adaptation": "one-fifth", "n_candidates": n})
        for n in (1, 4, 16)
    ],
    "perturb_fraction (one-fifth)": [
        (
            f"perturb_fraction={f}",
            {"step_adaptation": "one-fifth", "perturb_fraction": f},
        )
        for f in (1.0, 0.3, 0.05)
    ],
    "Annealing (cooling 0.999)": [
        ("hillclimb, step 0.1", {}),
        *[
            (
                f"anneal, T0={t}",
                {"solver": "anneal", "initial_temperature": t, "cooling": 0.999},
            )
            for t in (0.001, 0.01, 0.1)
        ],
    ],
}
fig2, axes2 = plt.subplots(2, 2, figsize=(7, 8.6), sharey=True, layout="constrained")
for ax, (title, settings) in zip(axes2.ravel(), panels.items()):
    for label, params in settings:
        curve(ax, label, **params)
    ax.set(xscale="log", title=title, xlabel="evaluations")
    # Below the panel, where it hides no curve.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
for ax in axes2[:, 0]:
    ax.set_ylabel("training log-loss")

plt.show()
