"""The training loop's pieces: stopping rule, history, warnings' origin."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_val_score

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._training import FitHistory, StoppingRule, StopReason


def test_tol_rule_counts_iterations_without_improvement():
    rule = StoppingRule(100, tol=0.1, patience=2)
    history = FitHistory()
    reasons = []
    for loss in [1.0, 0.5, 0.45, 0.44, 0.43]:
        history.record(loss, 1)
        reasons.append(rule.check(loss, history))
    # 0.45, 0.44 and 0.43 improve on 0.5 by less than 0.1: the third stops.
    assert reasons == [None, None, None, None, StopReason.CONVERGED]


def test_evaluation_budget_counts_from_the_start_of_this_fit():
    history = FitHistory(loss_curve=[1.0], n_iter=1, n_evals=50)
    rule = StoppingRule(100, max_evals=10)
    history.record(0.9, 9)
    assert rule.evals_left(history) == 1
    assert rule.check(0.9, history) is None
    history.record(0.8, 1)
    assert rule.check(0.8, history) is StopReason.MAX_EVALS
    assert (history.n_iter, history.n_evals) == (3, 60)
    assert history.loss_curve == [1.0, 0.9, 0.8]


def test_only_budgets_are_reasons_to_warn():
    assert {r for r in StopReason if r.is_budget} == {
        StopReason.MAX_ITER,
        StopReason.MAX_EVALS,
        StopReason.MAX_TIME,
    }
    rule = StoppingRule(7, max_evals=3, max_time=1.5)
    assert rule.describe(StopReason.MAX_ITER) == "maximum iterations (7)"
    assert rule.describe(StopReason.MAX_EVALS) == "maximum evaluations (3)"
    assert rule.describe(StopReason.MAX_TIME) == "time budget (1.5 s)"


def test_callback_sees_the_counts_of_the_history():
    seen = []
    rule = StoppingRule(10, callback=lambda *args: seen.append(args) or len(seen) > 1)
    history = FitHistory()
    history.record(np.float64(0.5), 3)
    assert not rule.callback_stops(history)
    history.record(0.25, 1)
    assert rule.callback_stops(history)
    assert seen == [(1, 0.5, 3), (2, 0.25, 4)]
    assert type(seen[0][1]) is float


@pytest.mark.parametrize("through", ["fit", "cross_val_score"])
def test_warnings_point_at_the_users_line(through):
    X, y = make_classification(60, random_state=0)
    clf = HillClimbMLPClassifier(
        (3,), solver="sgd-backprop", batch_size=500, max_iter=2, random_state=0
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if through == "fit":
            clf.fit(X, y)
        else:
            cross_val_score(clf, X, y, cv=2, error_score="raise")
    assert {w.category for w in caught} >= {UserWarning, ConvergenceWarning}
    assert {w.filename for w in caught} == {__file__}
