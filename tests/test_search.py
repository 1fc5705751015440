"""The derivative-free search: adaptive hill climbing, restarts, annealing."""

import copy
import math

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification
from sklearn.model_selection import train_test_split

from _shared import SEARCH_SOLVERS
from sk_hillclimb import HillClimbMLPClassifier, HillClimbPerceptron
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb._solvers import SOLVERS, Anneal, HillClimb, RandomSearch
from sk_hillclimb.datasets import make_spiral


def spiral(n_samples=100):
    """The tutorial's spiral data, ``n_samples`` points per arm, in order."""
    return make_spiral(3 * n_samples, 3, shuffle=False, random_state=0)


def _solver(name, dim=10, seed=0, **hyper):
    """Solver ``name`` with the estimators' defaults, but ``tol=None``."""
    cls = SOLVERS[name]
    defaults = {**HillClimbMLPClassifier().get_params(), "tol": None, **hyper}
    kwargs = {k: defaults[k] for k in cls.hyperparameters}
    if kwargs.get("cooling") == "auto":
        # what the estimator resolves for a budget of 1000 rounds
        kwargs["cooling"] = cls.auto_cooling(1000)
    if kwargs.get("step_size") == "auto":
        kwargs["step_size"] = cls.default_step_size
    rng = np.random.RandomState(seed)
    return cls(np.ones(dim), rng=rng, init_scale=np.full(dim, 0.5), **kwargs)


def _minimise(solver, f, n_iter):
    for _ in range(n_iter):
        candidates = solver.ask()
        solver.tell(candidates, np.array([f(c) for c in candidates]))
    return solver


def sphere(theta):
    return float(theta @ theta)


# -- the solver contract ----------------------------------------------------

#: Every derivative-free solver with its defaults, then options covering
#: every kind of draw: fresh networks, populations, masks, step adaptation
#: with restarts, Metropolis variates.
CONFIGURATIONS = [(name, {}) for name in SEARCH_SOLVERS] + [
    ("random", {"n_candidates": 3}),
    ("hillclimb", {"n_candidates": 4, "perturb_fraction": 0.3}),
    ("hillclimb", {"step_adaptation": "one-fifth", "restart_patience": 3}),
    ("anneal", {"perturb_fraction": 0.5, "initial_temperature": 1.0}),
    ("genetic", {"population_size": 6}),
    ("genetic", {"population_size": 5, "mutation_rate": 1.0}),
    ("cmaes", {}),
    ("cmaes", {"population_size": 3}),
    # separable, with two-point step-size adaptation
    ("cmaes", {"dim": 400}),
]


@pytest.mark.parametrize("name, hyper", CONFIGURATIONS)
def test_solver_contract(name, hyper):
    # ask() depends only on state and streams; tell() draws the same random
    # numbers whatever the losses; +inf is a rejection.
    solver = _minimise(_solver(name, **hyper), sphere, 20)
    for _ in range(30):
        twin = copy.deepcopy(solver)
        candidates = solver.ask()
        np.testing.assert_array_equal(twin.ask(), candidates)
        losses = np.array([sphere(c) for c in candidates])
        rejected = copy.deepcopy(solver)
        rejected.tell(candidates, np.full(len(candidates), np.inf))
        solver.tell(candidates, losses)
        for stream in ("steps", "masks", "networks"):
            np.testing.assert_array_equal(
                getattr(rejected, stream).peek(3), getattr(solver, stream).peek(3)
            )
        if hasattr(solver, "metropolis_rng"):
            np.testing.assert_array_equal(
                rejected.metropolis_rng.random(3), solver.metropolis_rng.random(3)
            )
        if not getattr(twin, "fresh", False):
            np.testing.assert_array_equal(rejected.theta, twin.theta)
            assert rejected.best_loss == twin.best_loss


@pytest.mark.parametrize("name, hyper", CONFIGURATIONS)
@pytest.mark.parametrize("depth", [1, 2, 5, 40])
def test_lookahead_is_what_rejected_rounds_ask(name, hyper, depth):
    # The solver's own plan of the next rounds is, bit for bit, what it
    # asks for when every round is rejected, and planning changes nothing.
    solver = _minimise(_solver(name, **hyper), sphere, 5)
    for _ in range(3):
        before, untouched = copy.deepcopy(solver), copy.deepcopy(solver)
        plan = solver.lookahead(depth)
        assert 1 <= len(plan) <= depth
        np.testing.assert_array_equal(solver.ask(), before.ask())
        solver = untouched
        for planned in plan:
            candidates = solver.ask()
            assert planned.tobytes() == candidates.tobytes()
            solver.tell(candidates, np.full(len(candidates), np.inf))
        # then a round that moves
        candidates = solver.ask()
        solver.tell(candidates, np.zeros(len(candidates)))
    if name == "hillclimb" and "restart_patience" in hyper and depth == 40:
        # The plan stops where the restart would draw fresh networks.
        assert len(plan) < depth


def test_solver_draws_one_seed_from_the_estimator_rng():
    rng = np.random.RandomState(0)
    reference = np.random.RandomState(0)
    solver = SOLVERS["hillclimb"](
        np.ones(4), rng=rng, init_scale=np.ones(4), step_size=0.1
    )
    _minimise(solver, sphere, 50)
    reference.randint(0, 2**32, size=4, dtype=np.uint64)
    assert rng.randint(1000) == reference.randint(1000)


def test_loss_reported_is_that_of_the_result():
    for name in SEARCH_SOLVERS:
        solver = _minimise(_solver(name, initial_temperature=10.0), sphere, 50)
        assert solver.loss == solver.best_loss == sphere(solver.result)


# -- step adaptation, candidates, fractions, restarts ------------------------


def test_one_fifth_rule_converges_where_a_fixed_step_stalls():
    common = dict(step_size=0.1, restart_patience=None)
    fixed = _minimise(
        _solver("hillclimb", step_adaptation=None, **common), sphere, 3000
    )
    adaptive = _minimise(
        _solver("hillclimb", step_adaptation="one-fifth", **common), sphere, 3000
    )
    # a fixed step cannot get much closer than its own length
    assert fixed.best_loss > 1e-3
    assert adaptive.best_loss < 1e-8
    assert adaptive.step_size < 1e-3


def test_one_fifth_rule_grows_the_step_on_a_plateau_up_to_its_cap():
    solver = _minimise(
        _solver("hillclimb", step_size=0.1, step_adaptation="one-fifth"),
        lambda theta: 0.0,
        60,
    )
    assert solver.step_size == pytest.approx(0.1 * 1e3)


def test_perturb_fraction_changes_that_fraction_of_the_weights():
    solver = _minimise(_solver("hillclimb", dim=1000, perturb_fraction=0.1), sphere, 1)
    changed = (solver.ask() != solver.theta).sum()
    assert 70 < changed < 130
    tiny = _minimise(_solver("hillclimb", dim=1000, perturb_fraction=1e-6), sphere, 1)
    for _ in range(5):
        assert (tiny.ask() != tiny.theta).sum() == 1


def test_n_candidates_keeps_the_best_of_the_population():
    solver = _minimise(_solver("hillclimb", n_candidates=5), sphere, 1)
    candidates = solver.ask()
    assert candidates.shape == (5, 10)
    losses = np.array([sphere(c) for c in candidates])
    solver.tell(candidates, losses)
    if losses.min() <= sphere(np.ones(10)):
        np.testing.assert_array_equal(solver.theta, candidates[losses.argmin()])


def test_restarts_start_from_fresh_networks_and_keep_the_best():
    solver = _solver("hillclimb", n_candidates=2, restart_patience=5, tol=1e-3)
    _minimise(solver, sphere, 1)
    first = solver.best_theta
    # a flat objective, worse than the first point, never improves: a
    # restart every 5 iterations
    _minimise(solver, lambda theta: 11.0, 5)
    assert solver.fresh and solver.n_restarts == 1
    fresh = solver.ask()
    assert fresh.shape == (2, 10) and np.all(np.abs(fresh) <= 0.5)
    _minimise(solver, lambda theta: 11.0, 18)
    assert solver.n_restarts == 4
    # the first network (loss 10 = sphere(ones)) is still the best
    np.testing.assert_array_equal(solver.result, first)


def test_estimator_counts_evaluations_of_every_candidate():
    X, y = make_classification(n_samples=60, random_state=0)
    population = [
        s for s in SEARCH_SOLVERS if "n_candidates" in SOLVERS[s].hyperparameters
    ]
    for solver in population:
        clf = HillClimbPerceptron(
            solver=solver, n_candidates=7, max_iter=30, tol=None, random_state=0
        ).fit(X, y)
        assert clf.n_evals_ == 1 + 30 * 7


def test_restarts_run_the_whole_budget_and_keep_the_best():
    X, y = spiral(30)
    clf = HillClimbMLPClassifier(
        (8,), "tanh", restart_patience=20, max_iter=600, random_state=0
    ).fit(X, y)
    # n_iter_no_change="auto" leaves stopping to the restart rule
    assert clf.n_iter_ == 600
    assert np.all(np.diff(clf.best_loss_curve_) <= 0)
    # Every restart begins a run from fresh weights: the current loss jumps
    # up there, and within a run it never rises.
    curve = np.asarray(clf.loss_curve_)
    assert clf.n_restarts_ == len(clf.restarts_) >= 1
    runs = np.split(curve, clf.restarts_)
    assert all(np.all(np.diff(run) <= 0) for run in runs)
    assert all(curve[i] > curve[i - 1] for i in clf.restarts_)
    assert clf.best_loss_ == pytest.approx(min(run.min() for run in runs))


def test_restarts_rescue_a_climb_stuck_on_a_plateau():
    # Tutorial 000's MLP climbing on accuracy: with seed 1 the start predicts
    # one class everywhere, and a fixed step of 0.01 is too small to leave
    # the 50% plateau in 1000 rounds (0.03 leaves it). Restarting after 200
    # rounds without progress draws fresh networks until one climbs.
    X, y = make_classification(
        n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1
    )
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.33, random_state=1)
    params = dict(
        hidden_layer_sizes=(10,),
        activation="logistic",
        objective="accuracy",
        step_size=0.01,
        step_scale="absolute",
        step_adaptation=None,
        max_iter=1000,
        tol=None,
        random_state=1,
    )
    stuck = HillClimbMLPClassifier(restart_patience=None, **params)
    assert stuck.fit(X_train, y_train).score(X_train, y_train) < 0.5
    rescued = HillClimbMLPClassifier(restart_patience=200, **params)
    assert rescued.fit(X_train, y_train).score(X_train, y_train) >= 0.86


# -- simulated annealing ----------------------------------------------------


def test_metropolis_acceptance_rate_is_exp_minus_delta_over_t():
    solver = _solver("anneal", initial_temperature=0.5, cooling=1.0, seed=3)
    _minimise(solver, lambda theta: 0.0, 1)
    accepted = 0
    for _ in range(4000):
        before = solver.theta
        candidates = solver.ask()
        # every step is worse than the current point by exactly 0.25
        solver.tell(candidates, np.array([solver.run_loss + 0.25]))
        accepted += solver.theta is not before
    assert accepted / 4000 == pytest.approx(math.exp(-0.5), abs=0.03)
    # the best point is kept while the current one wanders uphill
    assert solver.best_loss == 0.0 and solver.run_loss > 100


def test_annealing_cools_geometrically_into_hill_climbing():
    solver = _minimise(
        _solver("anneal", initial_temperature=2.0, cooling=0.99), sphere, 1000
    )
    # the first tell only evaluates the starting point
    assert solver.temperature == pytest.approx(2.0 * 0.99**999)
    assert solver.best_loss < 1.0 < sphere(np.ones(10))


def test_cold_annealing_follows_hill_climbing_step_for_step():
    X, y = make_classification(n_samples=100, random_state=0)
    common = dict(max_iter=200, tol=None, random_state=0)
    hill = HillClimbPerceptron(**common).fit(X, y)
    cold = HillClimbPerceptron(
        solver="anneal", initial_temperature=1e-12, **common
    ).fit(X, y)
    np.testing.assert_array_equal(cold.coef_, hill.coef_)
    assert cold.loss_curve_ == hill.loss_curve_


def test_anneal_estimator_runs_its_schedule():
    X, y = make_classification(n_samples=100, random_state=0)
    clf = HillClimbMLPClassifier(
        (5,), solver="anneal", max_iter=300, random_state=0
    ).fit(X, y)
    assert clf.n_iter_ == 300 and clf.n_evals_ == 301
    assert np.all(np.diff(clf.loss_curve_) <= 0)
    assert clf.score(X, y) > 0.9


# -- parameters -------------------------------------------------------------


@pytest.mark.parametrize(
    "param, value",
    [
        ("step_adaptation", "1/5"),
        ("n_candidates", 0),
        ("perturb_fraction", 0.0),
        ("perturb_fraction", 1.5),
        ("restart_patience", 0),
        ("initial_temperature", 0.0),
        ("cooling", 1.2),
    ],
)
def test_invalid_search_parameters_are_named(param, value):
    X, y = make_classification(n_samples=30, random_state=0)
    with pytest.raises(InvalidParameterError, match=param):
        HillClimbPerceptron(**{param: value}).fit(X, y)


def test_solver_classes_declare_their_hyperparameters():
    assert "n_candidates" in RandomSearch.hyperparameters
    assert {"step_adaptation", "perturb_fraction", "restart_patience"} <= set(
        HillClimb.hyperparameters
    )
    assert {"initial_temperature", "cooling"} <= set(Anneal.hyperparameters)
    for name in SEARCH_SOLVERS:
        params = HillClimbMLPClassifier().get_params()
        assert set(SOLVERS[name].hyperparameters) <= set(params)


# -- what the issue must show -----------------------------------------------


def test_adaptive_beats_fixed_step_at_equal_budget():
    # Issue 5, item 3: the same 2001 evaluations, the same starting step.
    wins = 0
    for seed in range(5):
        X, y = make_classification(
            n_samples=300,
            n_features=10,
            n_informative=5,
            n_classes=3,
            random_state=seed,
        )
        common = dict(
            max_iter=2000,
            step_size=0.1,
            step_scale="absolute",
            restart_patience=None,
            tol=None,
            random_state=seed,
        )
        fixed = HillClimbMLPClassifier(
            (8,), "tanh", step_adaptation=None, **common
        ).fit(X, y)
        adaptive = HillClimbMLPClassifier(
            (8,), "tanh", step_adaptation="one-fifth", **common
        ).fit(X, y)
        assert fixed.n_evals_ == adaptive.n_evals_ == 2001
        wins += adaptive.loss_ < fixed.loss_
    assert wins >= 4


@pytest.mark.slow
def test_spiral_adaptation_and_restarts_beat_the_tutorial_climb():
    # Issue 5, item 1: the tutorial's fixed 0.05 steps stall near 42%.
    X, y = spiral()
    net = dict(hidden_layer_sizes=(16,), activation="tanh", random_state=0)
    fixed = HillClimbMLPClassifier(
        step_size=0.05,
        step_scale="absolute",
        step_adaptation=None,
        restart_patience=None,
        max_iter=10_000,
        tol=None,
        **net,
    ).fit(X, y)
    assert fixed.score(X, y) < 0.5
    adaptive = HillClimbMLPClassifier(
        step_size=0.05,
        step_scale="absolute",
        step_adaptation="one-fifth",
        restart_patience=5000,
        max_iter=100_000,
        **net,
    ).fit(X, y)
    assert adaptive.n_evals_ == 100_001
    assert adaptive.score(X, y) >= 0.70


@pytest.mark.slow
def test_digits_derivative_free_reaches_93_percent():
    # Issue 5, item 2: digits / 16, 80/20, the split of Hjorth-Jensen's lecture notes.
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16, y, test_size=0.2, random_state=0
    )
    clf = HillClimbMLPClassifier(
        (16,),
        "tanh",
        step_size=0.05,
        step_scale="absolute",
        step_adaptation="one-fifth",
        restart_patience=None,
        max_iter=5000,
        tol=None,
        random_state=0,
    ).fit(X_train, y_train)
    assert clf.n_evals_ == 5001
    assert clf.score(X_test, y_test) >= 0.93
