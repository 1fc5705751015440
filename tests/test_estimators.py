"""The estimators: tutorial experiments, reproducibility, labels, errors."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits, make_blobs, make_classification
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import Perceptron
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _shared import ALL_SOLVERS, GRADIENT_SOLVERS, assert_same_weights
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS

ESTIMATORS = [HillClimbPerceptron, HillClimbMLPClassifier]


#: The tutorials' step: absolute, fixed, no restarts (not the defaults).
TUTORIAL_STEP = dict(step_scale="absolute", step_adaptation=None, restart_patience=None)


@pytest.fixture(scope="module")
def tutorial_split():
    """Tutorial 000's data set and 67/33 split."""
    X, y = make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )
    return train_test_split(X, y, test_size=0.33, random_state=1)


def _small_estimator(Estimator, **params):
    if Estimator is HillClimbMLPClassifier:
        params.setdefault("hidden_layer_sizes", (8,))
    params.setdefault("max_iter", 50)
    params.setdefault("tol", None)
    return Estimator(**params)


# -- the tutorials' experiments ---------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_tutorial_perceptron_hill_climbing_on_accuracy(tutorial_split, seed):
    # Tutorial 000: 1000 iterations, step 0.05, climbing on accuracy; it
    # reports about 88.5% train / 81.8% test on its own random split.
    X_train, X_test, y_train, y_test = tutorial_split
    clf = HillClimbPerceptron(
        objective="accuracy",
        step_size=0.05,
        max_iter=1000,
        tol=None,
        random_state=seed,
        **TUTORIAL_STEP,
    )
    clf.fit(X_train, y_train)
    assert clf.score(X_train, y_train) >= 0.84
    assert clf.score(X_test, y_test) >= 0.82
    assert clf.n_iter_ == 1000
    assert clf.n_evals_ == 1001
    assert clf.best_loss_ == pytest.approx(1 - clf.score(X_train, y_train))
    # hill climbing never accepts a worse point
    assert np.all(np.diff(clf.loss_curve_) <= 0)


def _tutorial_mlp(seed):
    # Tutorial 000: 10 logistic hidden units, 1000 iterations, step 0.1.
    return HillClimbMLPClassifier(
        (10,),
        "logistic",
        objective="accuracy",
        step_size=0.1,
        max_iter=1000,
        tol=None,
        random_state=seed,
        **TUTORIAL_STEP,
    )


def test_tutorial_mlp_hill_climbing_on_accuracy(tutorial_split):
    # The tutorial reports about 87.3% train / 85.1% test. Climbing on
    # accuracy, a start whose network predicts one class for every sample
    # sits on a 50% plateau; an L2 penalty used to keep 2 of seeds 0-99
    # there (one of them seed 1), and accuracy is no longer penalised (see
    # tests/test_defaults.py). The others reach the tutorial's figures.
    X_train, X_test, y_train, y_test = tutorial_split
    fits = [_tutorial_mlp(seed).fit(X_train, y_train) for seed in (0, 2, 3, 4, 5)]
    for clf in fits:
        assert clf.score(X_train, y_train) >= 0.84
        assert clf.score(X_test, y_test) >= 0.82
        assert [c.shape for c in clf.coefs_] == [(5, 10), (10, 1)]


def test_no_seed_stays_stuck_on_a_plateau(tutorial_split):
    # The tutorial's all-positive rand() start left 3 of 20 seeds of this
    # MLP stuck at 50% accuracy; a start symmetric around zero left 1 with
    # an L2 penalty on accuracy (seed 1) and none without.
    X_train, _, y_train, _ = tutorial_split
    scores = np.array(
        [
            _tutorial_mlp(seed).fit(X_train, y_train).score(X_train, y_train)
            for seed in range(20)
        ]
    )
    assert scores.min() >= 0.84


def test_tutorial_digits_sgd_backprop_matches_sklearn():
    # Tutorial 002: digits / 16, 80/20, 50 logistic hidden units, softmax,
    # plain minibatch SGD (eta 0.1, batch 100, 100 epochs).
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.2, random_state=0
    )
    config = dict(
        hidden_layer_sizes=(50,),
        activation="logistic",
        learning_rate_init=0.1,
        batch_size=100,
        max_iter=100,
        momentum=0.0,
        tol=None,
        random_state=0,
    )
    ours = HillClimbMLPClassifier(solver="sgd-backprop", **config).fit(X_train, y_train)
    config["tol"] = 0.0
    config["n_iter_no_change"] = 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = MLPClassifier(solver="sgd", **config).fit(X_train, y_train)
    assert ours.n_iter_ == ref.n_iter_ == 100
    assert ours.out_activation_ == "softmax" and ours.n_outputs_ == 10
    ours_acc, ref_acc = ours.score(X_test, y_test), ref.score(X_test, y_test)
    assert ours_acc >= 0.92
    assert ours_acc >= ref_acc - 0.01
    assert ours.loss_curve_[-1] == pytest.approx(ref.loss_curve_[-1], rel=0.25)


def test_perceptron_rule_separates_separable_data_like_sklearn():
    X, y = make_blobs(n_samples=200, centers=2, cluster_std=1.0, random_state=3)
    ref = Perceptron(random_state=0).fit(X, y)
    ours = HillClimbPerceptron(solver="sgd-backprop", batch_size=1, random_state=0)
    ours.fit(X, y)
    assert ref.score(X, y) == 1.0
    assert ours.score(X, y) == 1.0
    # the perceptron criterion is zero once every sample is separated
    assert ours.loss_ == 0.0


# -- reproducibility and persistence ----------------------------------------


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_same_random_state_same_weights_and_pickle(Estimator, solver, tutorial_split):
    X_train, X_test, y_train, _ = tutorial_split
    a = _small_estimator(Estimator, solver=solver, random_state=7).fit(X_train, y_train)
    b = _small_estimator(Estimator, solver=solver, random_state=7).fit(X_train, y_train)
    c = _small_estimator(Estimator, solver=solver, random_state=8).fit(X_train, y_train)
    assert_same_weights(a, b)
    assert not np.array_equal(a._get_weights()[0][0], c._get_weights()[0][0])
    assert a.loss_curve_ == b.loss_curve_
    restored = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(restored.predict(X_test), a.predict(X_test))
    np.testing.assert_array_equal(
        restored.decision_function(X_test), a.decision_function(X_test)
    )


# -- labels and outputs -------------------------------------------------------


@pytest.mark.parametrize("Estimator", ESTIMATORS)
@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_string_labels_multiclass(Estimator, solver):
    X, y = make_blobs(n_samples=150, centers=3, random_state=0)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = _small_estimator(Estimator, solver=solver, max_iter=200, random_state=0)
    # learning_rate_init steers the gradient solvers only
    clf.set_params(learning_rate_init=0.1)
    clf.fit(StandardScaler().fit_transform(X), labels)
    assert list(clf.classes_) == ["setosa", "versicolor", "virginica"]
    pred = clf.predict(StandardScaler().fit_transform(X))
    assert set(pred) <= set(clf.classes_)
    assert clf.decision_function(X).shape == (150, 3)
    assert np.mean(pred == labels) > (0.6 if SOLVERS[solver].poor_score else 0.85)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_mlp_probabilities(solver, tutorial_split):
    X_train, X_test, y_train, _ = tutorial_split
    clf = _small_estimator(HillClimbMLPClassifier, solver=solver, random_state=0)
    clf.fit(X_train, y_train)
    proba = clf.predict_proba(X_test)
    assert proba.shape == (len(X_test), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X_test)), proba)
    np.testing.assert_array_equal(
        clf.predict(X_test), clf.classes_[proba.argmax(axis=1)]
    )
    assert clf.out_activation_ == "logistic"


def test_log_proba_is_exact_where_proba_underflows():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    clf = HillClimbMLPClassifier((), max_iter=5, random_state=0).fit(X, [0, 0, 1, 1])
    clf.coefs_[0][:] = 1000.0
    clf.intercepts_[0][:] = 0.0
    log_proba = clf.predict_log_proba(np.array([[-2.0]]))
    np.testing.assert_allclose(log_proba, [[0.0, -2000.0]])
    assert np.all(np.isfinite(log_proba))


def test_perceptron_has_no_probabilities():
    assert not hasattr(HillClimbPerceptron(), "predict_proba")


# -- solver-specific behaviour -------------------------------------------------


def test_objective_auto_follows_the_solver(tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    params = dict(max_iter=200, tol=None, random_state=0)
    random = HillClimbPerceptron(solver="random", **params).fit(X_train, y_train)
    assert random.objective_ == "accuracy"
    # accuracy: every value of the curve is a multiple of 1 / n_samples
    scaled = np.array(random.loss_curve_) * len(y_train)
    np.testing.assert_allclose(scaled, np.round(scaled), atol=1e-9)
    # a local search follows the log-loss: log 2 at zero weights, then less
    hc = HillClimbPerceptron(**params).fit(X_train, y_train)
    assert hc.objective_ == "log_loss"
    assert hc.loss_curve_[0] == pytest.approx(np.log(2))
    assert hc.loss_ < 0.45
    sgd = HillClimbPerceptron(solver="sgd-backprop", random_state=0)
    assert sgd.fit(X_train, y_train).objective_ == "perceptron"
    assert sgd.loss_ >= 0


def test_partial_fit_only_for_gradient_solver(tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    # partial_fit is one epoch: the gradient solvers' unit of training
    with_partial_fit = [
        s
        for s in ALL_SOLVERS
        if hasattr(HillClimbMLPClassifier(solver=s), "partial_fit")
    ]
    assert with_partial_fit == GRADIENT_SOLVERS
    clf = HillClimbMLPClassifier((10,), solver="sgd-backprop", random_state=0)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X_train, y_train)
    assert not hasattr(clf, "classes_")
    for _ in range(3):
        clf.partial_fit(X_train, y_train, classes=[0, 1])
    # n_iter_ counts the last call (one epoch), loss_curve_ every epoch.
    assert clf.n_iter_ == 1 and len(clf.loss_curve_) == 3
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_warm_start_continues(solver, tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    clf = _small_estimator(
        HillClimbMLPClassifier, solver=solver, warm_start=True, random_state=0
    )
    clf.fit(X_train, y_train)
    first = clf.loss_
    clf.fit(X_train, y_train)
    # As in scikit-learn: n_iter_ of the last fit, the curve of both.
    assert clf.n_iter_ == 50 and len(clf.loss_curve_) == 100
    if not SOLVERS[solver].uses_gradient:
        # a search goes on from the best point it kept
        assert clf.loss_ <= first


def test_tol_stops_hill_climbing_and_warns_at_max_iter(tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    # Restarts (on by default) turn the tol rule off: here it is on.
    clf = HillClimbPerceptron(
        n_iter_no_change=5, restart_patience=None, random_state=0
    ).fit(X_train, y_train)
    assert clf.n_iter_ < 1000
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        HillClimbPerceptron(max_iter=3, restart_patience=None, random_state=0).fit(
            X_train, y_train
        )
    # Without the rule, no budget warning (the restarts' default, tol=None,
    # random search).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        HillClimbPerceptron(max_iter=3, random_state=0).fit(X_train, y_train)
        HillClimbPerceptron(
            max_iter=3, tol=None, restart_patience=None, random_state=0
        ).fit(X_train, y_train)
        HillClimbPerceptron(solver="random", max_iter=3, random_state=0).fit(
            X_train, y_train
        )
    assert not [w for w in caught if "maximum iterations" in str(w.message)]


def test_verbose_prints_the_loss(tutorial_split, capsys):
    X_train, _, y_train, _ = tutorial_split
    HillClimbPerceptron(max_iter=2, tol=None, verbose=True).fit(X_train, y_train)
    assert "Iteration 2, loss = " in capsys.readouterr().out


def test_step_hidden_units_train_by_hill_climbing():
    # An XOR-like problem a linear model cannot solve; step units can.
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(300, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    scores = np.array(
        [
            HillClimbMLPClassifier(
                (8,),
                "step",
                objective="accuracy",
                max_iter=3000,
                tol=None,
                random_state=seed,
            )
            .fit(X, y)
            .score(X, y)
            for seed in range(10)
        ]
    )
    # Most climbs solve it; a few stall in a local optimum of the step
    # network (seeds 0-9: 8 reach 0.9, the others 0.75 and 0.49).
    assert (scores >= 0.9).sum() >= 7
    assert np.median(scores) >= 0.9
    linear = HillClimbPerceptron(max_iter=3000, tol=None, random_state=0)
    assert linear.fit(X, y).score(X, y) < 0.8  # 0.70 measured


# -- sklearn tooling ------------------------------------------------------------


def test_pipeline_cross_val_and_grid_search(tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    pipe = make_pipeline(
        StandardScaler(), HillClimbMLPClassifier((5,), max_iter=100, random_state=0)
    )
    scores = cross_val_score(pipe, X_train, y_train, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.75
    grid = {"hillclimbmlpclassifier__solver": ALL_SOLVERS}
    search = GridSearchCV(pipe, grid, cv=3).fit(X_train, y_train)
    assert search.best_params_["hillclimbmlpclassifier__solver"] in ALL_SOLVERS
    assert search.best_score_ > 0.8


# -- bad input -----------------------------------------------------------------


def test_unknown_solver_names_parameter_and_choices():
    with pytest.raises(InvalidParameterError, match="'solver' parameter.*hillclimb"):
        HillClimbPerceptron(solver="newton-cg").fit([[0.0], [1.0]], [0, 1])


def test_unknown_activation_names_parameter_and_choices():
    with pytest.raises(InvalidParameterError, match="'activation' parameter.*step"):
        HillClimbMLPClassifier(activation="swish").fit([[0.0], [1.0]], [0, 1])


def test_step_with_backprop_says_no_gradient():
    clf = HillClimbMLPClassifier(activation="step", solver="sgd-backprop")
    with pytest.raises(ValueError, match="'step' has no gradient"):
        clf.fit([[0.0], [1.0]], [0, 1])
    assert not hasattr(clf, "n_features_in_")


def test_accuracy_with_backprop_says_no_gradient():
    clf = HillClimbMLPClassifier(objective="accuracy", solver="sgd-backprop")
    with pytest.raises(ValueError, match="'accuracy' is piecewise constant"):
        clf.fit([[0.0], [1.0]], [0, 1])


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_input(bad):
    X = np.array([[0.0, 1.0], [1.0, bad], [2.0, 0.0]])
    with pytest.raises(ValueError, match="Input X contains"):
        HillClimbPerceptron().fit(X, [0, 1, 0])


def test_one_class_is_refused_and_leaves_estimator_unfitted():
    clf = HillClimbPerceptron()
    with pytest.raises(ValueError, match="only one class"):
        clf.fit([[0.0], [1.0], [2.0]], ["a", "a", "a"])
    assert not hasattr(clf, "n_features_in_") and not hasattr(clf, "classes_")
    with pytest.raises(NotFittedError):
        clf.predict([[0.0]])


def test_wrong_feature_count_at_predict(tutorial_split):
    X_train, _, y_train, _ = tutorial_split
    clf = _small_estimator(HillClimbPerceptron).fit(X_train, y_train)
    with pytest.raises(ValueError, match="X has 3 features, but .* expecting 5"):
        clf.predict(X_train[:, :3])


def test_bad_hidden_layer_sizes():
    with pytest.raises(InvalidParameterError, match="hidden_layer_sizes"):
        HillClimbMLPClassifier(hidden_layer_sizes=0).fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(ValueError, match="positive integers"):
        HillClimbMLPClassifier(hidden_layer_sizes=(3, 0)).fit([[0.0], [1.0]], [0, 1])


def test_divergence_is_reported_not_returned():
    X, y = make_classification(n_samples=100, random_state=0)
    clf = HillClimbMLPClassifier(
        (10,),
        "identity",
        solver="sgd-backprop",
        learning_rate_init=1e6,
        objective="perceptron",
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match="diverged"):
            clf.fit(X * 1e150, y)
    assert not hasattr(clf, "coefs_")


def test_clone_keeps_parameters():
    clf = HillClimbMLPClassifier((3, 4), "tanh", solver="random", step_size=0.3)
    assert clone(clf).get_params() == clf.get_params()
