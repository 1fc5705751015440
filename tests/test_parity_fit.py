"""Fit-level parity with MLPClassifier: counts, warm starts, early stopping,
multilabel targets."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.neural_network import MLPClassifier
from sklearn.neural_network._base import binary_log_loss
from sklearn.preprocessing import MinMaxScaler

from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._early_stopping import split_validation
from sk_hillclimb._layout import Layout
from sk_hillclimb._objectives import OBJECTIVES
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._solvers import SOLVERS

GRADIENT = [n for n, s in SOLVERS.items() if s.uses_gradient]


@pytest.fixture(scope="module")
def multilabel():
    X, Y = make_multilabel_classification(
        200, 8, n_classes=3, random_state=0, allow_unlabeled=True
    )
    return MinMaxScaler().fit_transform(X), Y


def _sklearn_mlp(**params):
    return MLPClassifier((4,), solver="sgd", random_state=0, **params)


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_n_iter_counts_the_last_fit_and_loss_curve_goes_on(solver):
    X, y = make_classification(60, 4, random_state=0)
    ours = HillClimbMLPClassifier(
        (4,), solver=solver, max_iter=3, tol=None, warm_start=True, random_state=0
    )
    theirs = _sklearn_mlp(max_iter=3, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for est in (ours, theirs):
            est.fit(X, y).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 3
    assert len(ours.loss_curve_) == len(theirs.loss_curve_) == 6
    if SOLVERS[solver].uses_gradient:
        assert ours.n_evals_ == 3  # this fit's epochs, not 6


@pytest.mark.parametrize("solver", GRADIENT)
def test_partial_fit_n_iter_is_one_epoch_like_sklearn(solver):
    X, y = make_classification(60, 4, random_state=0)
    ours = HillClimbMLPClassifier((4,), solver=solver, random_state=0)
    theirs = _sklearn_mlp()
    for est in (ours, theirs):
        for _ in range(3):
            est.partial_fit(X, y, classes=[0, 1])
    assert ours.n_iter_ == theirs.n_iter_ == 1
    assert len(ours.loss_curve_) == len(theirs.loss_curve_) == 3


def test_warm_start_with_a_subset_of_the_classes_is_refused_like_sklearn():
    X, y = make_classification(90, 5, n_informative=3, n_classes=3, random_state=0)
    subset = y < 2
    theirs = _sklearn_mlp(max_iter=2, warm_start=True)
    ours = HillClimbMLPClassifier((4,), max_iter=2, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y)
        ours.fit(X, y)
        with pytest.raises(ValueError, match="same classes"):
            theirs.fit(X[subset], y[subset])
        with pytest.raises(ValueError, match="warm_start.*same classes"):
            ours.fit(X[subset], y[subset])
    # partial_fit batches need not hold every class, in both.
    inc = HillClimbMLPClassifier((4,), solver="sgd-backprop", random_state=0)
    inc.partial_fit(X, y, classes=[0, 1, 2]).partial_fit(X[subset], y[subset])
    assert inc.n_iter_ == 1


def test_early_stopping_on_small_multiclass_data_like_sklearn():
    # 20 samples of 3 classes: 2 validation samples cannot hold 3 classes,
    # so the split is plain, as MLPClassifier's always is for multiclass.
    X, y = make_classification(
        20, 4, n_informative=3, n_redundant=0, n_classes=3, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _sklearn_mlp(max_iter=5, early_stopping=True).fit(X, y)
        for solver in SOLVERS:
            clf = HillClimbMLPClassifier(
                (4,), solver=solver, max_iter=5, early_stopping=True, random_state=0
            ).fit(X, y)
            assert len(clf.validation_scores_) == clf.n_iter_ == 5


def test_early_stopping_still_stratifies_where_it_can():
    # 200 samples, 20 of the rare class: every seed's 20 validation samples
    # hold exactly 2 of them when stratified (a plain split varies).
    y = np.r_[np.zeros(180), np.ones(20)]
    X = np.arange(200.0)[:, None]
    rare = [
        split_validation(X, y, None, 0.1, np.random.RandomState(seed), y)[3].sum()
        for seed in range(10)
    ]
    assert rare == [2.0] * 10


def test_multilabel_log_loss_is_mlpclassifiers(multilabel):
    X, Y = multilabel
    layout = Layout([X.shape[1], 5, Y.shape[1]])
    theta = np.random.RandomState(0).normal(size=(1, layout.n_params))
    problem = TrainingProblem(
        layout, X, Y.astype(float), OBJECTIVES["log_loss"], "relu", 0.0
    )
    coefs, intercepts = layout.unpack(theta[0])
    hidden = np.maximum(X @ coefs[0] + intercepts[0], 0)
    proba = 1 / (1 + np.exp(-(hidden @ coefs[1] + intercepts[1])))
    expected = binary_log_loss(Y, proba)
    np.testing.assert_allclose(problem.losses(theta)[0], expected, rtol=1e-12)


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_multilabel_targets_train_with_every_solver(solver, multilabel):
    X, Y = multilabel
    clf = HillClimbMLPClassifier(
        (16,),
        solver=solver,
        max_iter=300,
        learning_rate_init=0.1,
        tol=None,
        random_state=0,
    ).fit(X, Y)
    pred = clf.predict(X)
    assert pred.shape == Y.shape and pred.dtype == Y.dtype
    assert set(np.unique(pred)) <= {0, 1}
    proba = clf.predict_proba(X)
    assert proba.shape == Y.shape and np.all((proba > 0) & (proba < 1))
    np.testing.assert_allclose(np.log(proba), clf.predict_log_proba(X))
    np.testing.assert_array_equal(pred, (proba > 0.5).astype(int))
    assert clf.out_activation_ == "logistic" and list(clf.classes_) == [0, 1, 2]
    # Each label predicted better than its majority value, on average.
    majority = np.maximum(Y.mean(axis=0), 1 - Y.mean(axis=0)).mean()
    label_accuracy = (pred == Y).mean()
    if not SOLVERS[solver].poor_score:
        assert label_accuracy > majority + 0.05


@pytest.mark.parametrize("objective", ["accuracy", "perceptron"])
def test_multilabel_piecewise_objectives_are_per_label(objective, multilabel):
    X, Y = multilabel
    clf = HillClimbMLPClassifier(
        (8,), objective=objective, alpha=0.0, max_iter=200, tol=None, random_state=0
    ).fit(X, Y)
    Z = clf.decision_function(X)
    assert Z.shape == Y.shape
    subset_error = 1 - ((Z > 0) == Y).all(axis=1).mean()
    assert clf.score(X, Y) == pytest.approx(1 - subset_error)
    if objective == "accuracy":
        assert clf.loss_ == pytest.approx(subset_error)
    else:  # each label a perceptron of its own, the criteria summed
        criterion = np.maximum(-(2 * Y - 1) * Z, 0).sum(axis=1).mean()
        assert clf.loss_ == pytest.approx(criterion)
    assert clf.loss_ < clf.loss_curve_[0]


def test_multilabel_refusals(multilabel):
    X, Y = multilabel
    with pytest.raises(ValueError, match="class_weight is not supported"):
        HillClimbMLPClassifier((4,), class_weight="balanced").fit(X, Y)
    with pytest.raises(ValueError, match="1d array"):
        HillClimbPerceptron().fit(X, Y)
    clf = HillClimbMLPClassifier((4,), max_iter=2, warm_start=True).fit(X, Y)
    with pytest.raises(ValueError, match="multilabel"):
        clf.fit(X, Y[:, 0])


def test_multilabel_early_stopping_splits_plainly(multilabel):
    X, Y = multilabel
    clf = HillClimbMLPClassifier(
        (8,), max_iter=20, early_stopping=True, random_state=0
    ).fit(X, Y)
    assert clf.best_validation_score_ == max(clf.validation_scores_)
