"""
=========================================================
Perceptron and MLP trained by stochastic hill climbing
=========================================================

The experiment of Jason Brownlee's tutorial `How to Manually Optimize Neural Network
Models <https://machinelearningmastery.com/manually-optimize-neural-networks/>`__
(Machine Learning Mastery, 2020):
a perceptron and a multilayer perceptron with ten logistic hidden units,
trained by stochastic hill climbing **on accuracy** (a piecewise-constant
objective that has no gradient) on a synthetic binary problem.

The tutorial reports about 88.5% train / 81.8% test accuracy for the
perceptron and 87.3% / 85.1% for the MLP, on one random split.
"""

# %%
# The data and the two models
# ---------------------------
# ``make_classification`` with 1000 rows and 5 features, 2 of them
# informative, and a 67/33 split, as in the tutorial. The perceptron takes
# steps of standard deviation 0.05, the MLP 0.1, for 1000 iterations each;
# ``tol=None`` runs all of them, and ``alpha=0`` drops the MLP's default L2
# penalty, which the tutorial does not have.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron

X, y = make_classification(
    n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.33, random_state=1
)


# The tutorial's step: absolute, fixed, no restarts (the defaults scale the
# step to the weights' initial size, adapt it and restart a stuck climb).
TUTORIAL_STEP = {
    "step_scale": "absolute",
    "step_adaptation": None,
    "restart_patience": None,
}


def make_models(seed):
    return {
        "perceptron": HillClimbPerceptron(
            objective="accuracy",
            step_size=0.05,
            max_iter=1000,
            tol=None,
            random_state=seed,
            **TUTORIAL_STEP,
        ),
        "MLP, 10 logistic units": HillClimbMLPClassifier(
            (10,),
            "logistic",
            objective="accuracy",
            alpha=0.0,
            step_size=0.1,
            max_iter=1000,
            tol=None,
            random_state=seed,
            **TUTORIAL_STEP,
        ),
    }


models = make_models(seed=1)
for name, model in models.items():
    model.fit(X_train, y_train)
    print(
        f"{name:<24} train {model.score(X_train, y_train):.3f}  "
        f"test {model.score(X_test, y_test):.3f}  evaluations {model.n_evals_}"
    )

# %%
# The accuracy curve
# ------------------
# With ``objective="accuracy"`` the training loss is the error rate, so
# ``1 - loss_curve_`` is the training accuracy after each iteration. Hill
# climbing keeps a step when it is *not worse*, so the curve never falls;
# it rises in jumps, one misclassified sample at a time, and spends most
# iterations drifting across plateaus of equal accuracy.
fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
for name, model in models.items():
    ax.plot(1 - np.array(model.loss_curve_), label=name)
ax.set_xlabel("iteration")
ax.set_ylabel("training accuracy")
ax.set_title("Hill climbing on accuracy (Brownlee's experiment)")
# The curves rise early (most of the way within the first hundred
# iterations): the lower right corner is free for the legend.
ax.legend(loc="lower right")

# %%
# Train and test accuracy over seeds
# ----------------------------------
# One run says little about a stochastic search, so both models are trained
# again from ten seeds. The dashed lines mark the tutorial's reported test
# accuracy.
seeds = range(10)
scores = {name: {"train": [], "test": []} for name in models}
for seed in seeds:
    for name, model in make_models(seed).items():
        model.fit(X_train, y_train)
        scores[name]["train"].append(model.score(X_train, y_train))
        scores[name]["test"].append(model.score(X_test, y_test))

fig, axes = plt.subplots(1, 2, figsize=(7, 3.8), sharey=True, layout="constrained")
reported = {"perceptron": 0.818, "MLP, 10 logistic units": 0.851}
for ax, (name, result) in zip(axes, scores.items()):
    ax.scatter(np.zeros(len(seeds)), result["train"], alpha=0.6, label="train")
    ax.scatter(np.ones(len(seeds)), result["test"], alpha=0.6, label="test")
    ax.axhline(reported[name], color="gray", ls="--", label="tutorial (test)")
    ax.set_xticks([0, 1], ["train", "test"])
    ax.set_xlim(-0.5, 1.5)
    ax.set_title(name)
    print(
        f"{name:<24} train {np.mean(result['train']):.3f} "
        f"+- {np.std(result['train']):.3f}  test {np.mean(result['test']):.3f} "
        f"+- {np.std(result['test']):.3f}"
    )
axes[0].set_ylabel("accuracy (10 seeds)")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=3)
plt.show()
