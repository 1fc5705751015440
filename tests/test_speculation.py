"""Speculative evaluation, budgets and float32: correctness, never timing."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from _shared import ALL_SOLVERS, SEARCH_SOLVERS, assert_same_fit, weights
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._problem import TrainingProblem
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS
from sk_hillclimb._solvers._population import PopulationSolver
from sk_hillclimb._speculative import SearchRounds


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=300, n_features=5, n_informative=3, n_classes=3, random_state=0
    )


@pytest.fixture(scope="module")
def binary():
    return make_classification(n_samples=200, n_features=4, random_state=1)


@pytest.fixture(params=[None, 1, 3, 64], ids=["auto", "depth1", "depth3", "depth64"])
def forced_depth(request, monkeypatch):
    """Force the plan depth, so speculation runs whatever the machine."""
    if request.param is not None:
        monkeypatch.setattr(SearchRounds, "_decide", lambda self: request.param)
    return request.param


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
@pytest.mark.parametrize("objective", ["log_loss", "accuracy"])
def test_speculation_gives_identical_weights(
    data, solver, objective, forced_depth, monkeypatch
):
    X, y = data
    params = dict(
        hidden_layer_sizes=(6,),
        solver=solver,
        objective=objective,
        max_iter=300,
        tol=None,
        random_state=3,
    )
    scored = []
    losses = TrainingProblem.losses

    def counting(self, thetas):
        if self.n_samples == len(y):  # not the calibration on a slice
            scored[-1] += len(thetas)
        return losses(self, thetas)

    monkeypatch.setattr(TrainingProblem, "losses", counting)
    fits = []
    for speculative in (False, True):
        scored.append(0)
        fits.append(HillClimbMLPClassifier(**params, speculative=speculative).fit(X, y))
    plain, fast = fits
    assert_same_fit(plain, fast)
    # Every candidate scored is counted, as used or as discarded.
    assert plain.n_evals_discarded_ == 0 and scored[0] == plain.n_evals_
    assert scored[1] == fast.n_evals_ + fast.n_evals_discarded_
    if forced_depth and forced_depth > 1:
        if solver in ("hillclimb", "anneal"):
            # The plans really ran, and a step taken voided some of them.
            assert fast.n_evals_discarded_ > 0
        elif solver == "random":
            # Random search asks the same whatever it accepted: every
            # planned candidate is used.
            assert fast.n_evals_discarded_ == 0


@pytest.mark.parametrize(
    "solver, options",
    [
        ("anneal", {"initial_temperature": 0.05}),
        # tol: a restart after 15 rounds without a gain of 1e-2 (the tol
        # rule itself is off when restarts are on)
        (
            "hillclimb",
            {"step_adaptation": "one-fifth", "restart_patience": 15, "tol": 1e-2},
        ),
        ("hillclimb", {"n_candidates": 3, "perturb_fraction": 0.2}),
        ("random", {"n_candidates": 4}),
        ("genetic", {"population_size": 6, "max_iter": 40}),
        ("cmaes", {"max_iter": 40}),
    ],
    ids=[
        "anneal",
        "adaptive-restarts",
        "candidates-fraction",
        "random-4",
        "genetic",
        "cmaes",
    ],
)
def test_speculation_identical_for_every_search_option(
    data, solver, options, forced_depth
):
    # Annealing's uphill moves, restarts that draw fresh networks, the
    # one-fifth rule's step changes, masks and populations: every way a
    # plan can go wrong, still the one-at-a-time trajectory.
    X, y = data
    params = dict(
        hidden_layer_sizes=(6,), solver=solver, max_iter=250, tol=None, random_state=4
    )
    params.update(options)
    plain = HillClimbMLPClassifier(**params, speculative=False).fit(X, y)
    fast = HillClimbMLPClassifier(**params, speculative=True).fit(X, y)
    assert_same_fit(plain, fast)


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_speculation_identical_for_perceptron_with_tol_and_warm_start(
    binary, solver, forced_depth
):
    X, y = binary
    params = dict(solver=solver, max_iter=150, tol=1e-3, n_iter_no_change=5)
    fits = []
    for speculative in (False, True):
        clf = HillClimbPerceptron(
            **params, random_state=0, speculative=speculative, warm_start=True
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y).fit(X, y)
        fits.append(clf)
    assert_same_fit(*fits)
    # The tol rule stopped the search early, between planned rounds
    # (random search after 21 + 7 iterations, hillclimb and anneal 30 + 7).
    assert fits[0].n_iter_ < 300


def test_speculation_follows_the_one_at_a_time_rng(data, forced_depth):
    # After a speculative fit the estimator's generator is where one at a
    # time leaves it: the plans drew from copies only.
    X, y = data
    states = []
    for speculative in (False, True):
        clf = HillClimbMLPClassifier(
            (4,), max_iter=100, tol=None, random_state=7, speculative=speculative
        ).fit(X, y)
        states.append(clf._rng_state[1])
    np.testing.assert_array_equal(*states)


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_a_move_drops_the_plan_it_voids(data, solver, monkeypatch):
    # A plan assumes every round rejected: after a move the driver holds
    # none of it (the next round plans again instead of being scored
    # alone), except where the plan survives a move (random search).
    monkeypatch.setattr(SearchRounds, "_decide", lambda self: 8)
    tell = SearchRounds._tell
    pending = []

    def watching(self, candidates, losses):
        before = self.solver.theta
        left = len(self._plan) - self._next
        tell(self, candidates, losses)
        if self.solver.theta is not before and left:
            pending.append(len(self._plan) - self._next)

    monkeypatch.setattr(SearchRounds, "_tell", watching)
    X, y = data
    HillClimbMLPClassifier(
        (6,), solver=solver, max_iter=300, tol=None, random_state=3
    ).fit(X, y)
    solver_cls = SOLVERS[solver]
    if issubclass(solver_cls, PopulationSolver):
        # A plan is one generation: nothing is ever left of it.
        assert pending == []
    elif solver_cls.plans_assume_rejection:
        assert len(pending) > 5 and max(pending) == 0
    else:
        assert pending and min(pending) > 0


# -- budgets ------------------------------------------------------------------


@pytest.mark.parametrize("speculative", [False, True])
@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_max_evals_bounds_the_evaluations(data, solver, speculative, forced_depth):
    X, y = data
    counts = []
    clf = HillClimbMLPClassifier(
        (6,),
        solver=solver,
        max_iter=10_000,
        max_evals=123,
        tol=None,
        random_state=0,
        speculative=speculative,
        callback=lambda progress: counts.append(progress.n_evals),
    ).fit(X, y)
    # Training stops after the iteration that reaches the budget: with the
    # default one candidate per iteration, after 122 iterations and the
    # initial point.
    assert counts[-2] < 123 <= counts[-1] == clf.n_evals_
    assert clf.n_iter_ == len(counts) == len(clf.loss_curve_)


@pytest.mark.parametrize("solver", SEARCH_SOLVERS)
def test_max_evals_gives_the_same_weights_with_and_without_speculation(
    data, solver, forced_depth
):
    X, y = data
    params = dict(solver=solver, max_evals=77, tol=None, random_state=2)
    plain = HillClimbMLPClassifier((5,), **params, speculative=False).fit(X, y)
    fast = HillClimbMLPClassifier((5,), **params, speculative=True).fit(X, y)
    assert_same_fit(plain, fast)


def test_max_evals_counts_epochs_for_sgd(data):
    X, y = data
    clf = HillClimbMLPClassifier(
        (6,), solver="sgd-backprop", max_iter=500, max_evals=7, tol=None
    ).fit(X, y)
    assert clf.n_evals_ == clf.n_iter_ == 7


def test_max_evals_is_per_call_to_fit(data):
    X, y = data
    clf = HillClimbMLPClassifier(
        (6,), max_iter=1000, max_evals=50, tol=None, warm_start=True, random_state=0
    )
    clf.fit(X, y)
    assert clf.n_evals_ == 50
    clf.fit(X, y)
    # Counts are those of the last fit: its start point and 49 rounds.
    assert clf.n_evals_ == 50 and clf.n_iter_ == 49
    assert len(clf.loss_curve_) == 98


@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_max_time_stops_training(data, solver):
    X, y = data
    clf = HillClimbMLPClassifier(
        (6,), solver=solver, max_iter=10**6, max_time=1e-9, tol=None
    ).fit(X, y)
    # The budget is checked after each iteration: the first one runs.
    assert clf.n_iter_ == 1


@pytest.mark.parametrize(
    "budget, message",
    [({"max_evals": 20}, r"maximum evaluations \(20\)"), ({"max_time": 1e-9}, "time")],
)
def test_budget_without_convergence_warns(data, budget, message):
    X, y = data
    # Restarts (on by default) would turn the tol rule off.
    clf = HillClimbMLPClassifier(
        (6,), max_iter=1000, tol=1e-9, restart_patience=None, **budget
    )
    with pytest.warns(ConvergenceWarning, match=message):
        clf.fit(X, y)


def test_budget_without_tol_does_not_warn(data):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # seeded: some unseeded draws end below the majority class and warn
        HillClimbMLPClassifier((6,), max_evals=20, tol=None, random_state=0).fit(X, y)


@pytest.mark.parametrize(
    "params",
    [{"max_evals": 0}, {"max_evals": 1.5}, {"max_time": 0}, {"max_time": -1.0}],
)
def test_invalid_budgets_are_rejected(data, params):
    X, y = data
    with pytest.raises(InvalidParameterError):
        HillClimbMLPClassifier((6,), **params).fit(X, y)


# -- float32 ------------------------------------------------------------------


@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("Estimator", [HillClimbPerceptron, HillClimbMLPClassifier])
def test_float32_end_to_end(data, solver, Estimator):
    X, y = data
    X32 = X.astype(np.float32)
    clf = Estimator(solver=solver, max_iter=50, tol=None, random_state=0)
    clf.fit(X32, y)
    assert all(w.dtype == np.float32 for w in weights(clf))
    assert clf.decision_function(X32).dtype == np.float32
    # Float64 input to a float32 model is computed in float32 too.
    np.testing.assert_array_equal(clf.predict(X), clf.predict(X32))
    if hasattr(clf, "predict_proba"):
        assert clf.predict_proba(X32).dtype == np.float32
    reference = Estimator(solver=solver, max_iter=50, tol=None, random_state=0)
    reference.fit(X, y)
    assert all(w.dtype == np.float64 for w in weights(reference))
    assert clf.score(X, y) == pytest.approx(reference.score(X, y), abs=0.1)


def test_float32_sgd_matches_float64_closely(data):
    X, y = data
    params = dict(
        hidden_layer_sizes=(8,),
        solver="sgd-backprop",
        max_iter=20,
        tol=None,
        random_state=0,
    )
    single = HillClimbMLPClassifier(**params).fit(X.astype(np.float32), y)
    double = HillClimbMLPClassifier(**params).fit(X, y)
    np.testing.assert_allclose(single.loss_curve_, double.loss_curve_, rtol=1e-4)
    for a, b in zip(weights(single), weights(double)):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-4)


def test_scoring_costs_are_measured_once_per_shape(data, monkeypatch):
    # A grid search refits the same shape many times: the cost of scoring,
    # which only steers the plan depth, is measured on the first fit.
    from sk_hillclimb import _speculative

    monkeypatch.setattr(_speculative, "_SCORING_COSTS", {})
    measured = []
    head = TrainingProblem.head
    monkeypatch.setattr(
        TrainingProblem, "head", lambda self, m: measured.append(m) or head(self, m)
    )
    X, y = data
    fits = [
        HillClimbMLPClassifier((4,), max_iter=40, tol=None, random_state=seed).fit(X, y)
        for seed in range(3)
    ]
    assert len(measured) == 1
    HillClimbMLPClassifier((5,), max_iter=40, tol=None).fit(X, y)
    assert len(measured) == 2  # another network, another shape
    assert len(_speculative._SCORING_COSTS) == 2
    assert all(clf.n_iter_ == 40 for clf in fits)
