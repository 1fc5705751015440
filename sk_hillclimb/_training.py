"""The one training loop: a driver, a stopping rule and a fit history.

A *driver* runs one iteration of a solver on a training problem and says
how many evaluations it cost: :class:`~sk_hillclimb._speculative.SearchRounds`
for the derivative-free solvers (one round of candidates on all rows,
speculatively planned), :class:`MinibatchRounds` for them on minibatches,
and :class:`MinibatchEpochs` for the gradient solvers (one epoch of
minibatches). Every driver offers ``solver``, ``problem``, ``loss`` (of
the point the solver holds after the last iteration), ``best_loss`` (the
lowest so far), ``tol_watches_best`` (which of the two the ``tol`` rule
watches),
``result`` (the weights to keep), ``point`` (the weights the solver
holds), ``blas_threads()``, ``n_discarded``, ``start()``,
``step(max_rounds, max_evals)``, ``close()`` and ``random_state()``.
:func:`train` runs iterations until a :class:`StoppingRule` returns a
:class:`StopReason`, recording them in a :class:`FitHistory`; a
best-weights monitor (early stopping, the perceptron's pocket), if any,
scores each iteration's weights and is what the ``tol`` rule then
watches; observers (:mod:`sk_hillclimb._observe`) are told of every
iteration and may stop training.
"""

import enum
import math
import time

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import gen_batches

from ._solvers import Solver
from ._threads import limit_blas_threads
from ._warnings import warn


class StopReason(enum.Enum):
    """Why training ended."""

    #: ``max_iter`` iterations ran.
    MAX_ITER = "max_iter"
    #: The ``max_evals`` budget was reached.
    MAX_EVALS = "max_evals"
    #: The ``max_time`` budget ran out.
    MAX_TIME = "max_time"
    #: The ``tol`` rule saw no improvement for ``n_iter_no_change`` iterations.
    CONVERGED = "tol"
    #: The user's ``callback`` returned True.
    CALLBACK = "callback"
    #: ``KeyboardInterrupt`` (Ctrl-C, or raised by the callback).
    INTERRUPTED = "interrupted"
    #: The training loss became inf or nan; early stopping keeps the best
    #: weights it validated before.
    DIVERGED = "diverged"

    @property
    def by_user(self):
        """Whether the user ended training (callback, Ctrl-C)."""
        return self in (StopReason.CALLBACK, StopReason.INTERRUPTED)

    @property
    def diverged(self):
        """Whether the training loss became inf or nan."""
        return self is StopReason.DIVERGED

    @property
    def is_budget(self):
        """Whether a budget ended training before the ``tol`` rule did."""
        return self in (StopReason.MAX_ITER, StopReason.MAX_EVALS, StopReason.MAX_TIME)


class FitHistory:
    """What the iterations of the fits so far recorded: the curves of a fit.

    One entry per iteration in each curve. A warm start (or a later
    ``partial_fit`` call) goes on with the curves of the earlier fits, as
    scikit-learn's ``loss_curve_`` does, while the counts of this fit
    (``n_iter``, ``n_evals``, ``n_restarts``) start again.

    Parameters
    ----------
    curves : dict or None, default=None
        The curves of earlier fits to go on with, by attribute name
        (:attr:`CURVES` and ``"restarts"``); None starts them empty.
    n_samples_seen : int, default=0
        Training samples seen by earlier fits (the estimator's ``t_``),
        continued by warm starts as in scikit-learn.

    Attributes
    ----------
    loss_curve, best_loss_curve : list of float
        The loss of the point the solver holds after each iteration, and
        the best loss so far.
    n_evals_curve : list of int
        Evaluations after each iteration, counted from the first fit the
        curves cover.
    time_curve : list of float
        Seconds of training after each iteration, likewise.
    restarts : list of int
        Indices into the curves of the iterations that began a new run.
    n_iter, n_evals, n_restarts, n_discarded : int
        Iterations, evaluations, restarts and speculatively discarded
        candidates of this fit.
    """

    #: The curves kept per iteration.
    CURVES = ("loss_curve", "best_loss_curve", "n_evals_curve", "time_curve")

    def __init__(self, curves=None, n_samples_seen=0):
        curves = curves or {}
        earlier = {}
        for name in (*self.CURVES, "restarts"):
            curve = curves.get(name)
            earlier[name] = [] if curve is None else list(curve)
        self.restarts = earlier.pop("restarts")
        # The curves as lists, extended from the rows when asked for.
        self._curves = [earlier[name] for name in self.CURVES]
        self.n_earlier = len(self._curves[0])
        # One tuple per iteration of this fit, the curves' values in the
        # order of CURVES: the loop's cheapest record (see :meth:`curves`).
        self._rows = []
        self._rows_in_curves = 0
        self.n_evals = self.n_discarded = self.n_restarts = 0
        self._samples_at_start = n_samples_seen
        #: Training samples an iteration sees (an epoch, or a round on all
        #: rows); set by the loop.
        self.samples_per_iteration = 0
        # Where this fit's counts start on the cumulative curves
        # (``time_offset``: seconds of the earlier fits).
        evals, seconds = self._curves[2], self._curves[3]
        self._evals_offset = evals[-1] if evals else 0
        self.time_offset = seconds[-1] if seconds else 0.0
        # The solver's restart count after the last iteration, and the
        # restarts whose runs have begun.
        self._decided = self._begun = 0

    def record(self, loss, best_loss, n_evals, seconds=0.0, restarts=0):
        """One iteration.

        Parameters
        ----------
        loss, best_loss : float
            The loss of the point the solver holds, and the best so far.
        n_evals : int
            Evaluations the iteration cost.
        seconds : float, default=0.0
            Seconds since this fit began.
        restarts : int, default=0
            The solver's count of restarts after the iteration. A restart
            decided by one iteration begins its run with the next, which
            is the one marked in :attr:`restarts`.
        """
        if self._decided != self._begun:
            self.restarts.append(self.n_earlier + len(self._rows))
            self.n_restarts += 1
            self._begun = self._decided
        self._decided = restarts
        self.n_evals = evals = self.n_evals + n_evals
        self._rows.append(
            (loss, best_loss, self._evals_offset + evals, self.time_offset + seconds)
        )

    @property
    def n_iter(self):
        """Iterations of this fit."""
        return len(self._rows)

    @property
    def n_samples_seen(self):
        """Training samples seen by this fit and the earlier ones."""
        return self._samples_at_start + len(self._rows) * self.samples_per_iteration

    @property
    def last(self):
        """The last iteration's values, in the order of :attr:`CURVES`."""
        return self._rows[-1]

    def curves(self):
        """Every curve, earlier fits' included, as new lists by name.

        The rows recorded since the last call join the curves first, so
        that asking after every block of iterations costs the block and
        a copy, not the whole fit again.
        """
        new = self._rows[self._rows_in_curves :]
        if new:
            for curve, column in zip(self._curves, zip(*new)):
                curve.extend(column)
            self._rows_in_curves = len(self._rows)
        curves = {name: list(c) for name, c in zip(self.CURVES, self._curves)}
        return {**curves, "restarts": list(self.restarts)}

    loss_curve = property(lambda self: self.curves()["loss_curve"])
    best_loss_curve = property(lambda self: self.curves()["best_loss_curve"])
    n_evals_curve = property(lambda self: self.curves()["n_evals_curve"])
    time_curve = property(lambda self: self.curves()["time_curve"])


class StoppingRule:
    """When training stops: the budgets and the ``tol`` rule.

    Parameters
    ----------
    max_iter : int
        Iterations of this fit.
    max_evals : int or None, default=None
        Evaluations of this fit; None is no limit.
    max_time : float or None, default=None
        Seconds since ``start_time``; None is no limit.
    tol : float or None, default=None
        Improvement of the watched criterion (lower is better) that resets
        the patience count; None turns the rule off.
    patience : int or None, default=None
        Iterations without such an improvement that the rule tolerates;
        None turns the rule off.
    start_time : float, default=None
        ``time.perf_counter()`` when the fit started (now if None).
    """

    def __init__(
        self,
        max_iter,
        *,
        max_evals=None,
        max_time=None,
        tol=None,
        patience=None,
        start_time=None,
    ):
        self.max_iter = max_iter
        self.max_evals = np.inf if max_evals is None else max_evals
        self.max_time = max_time
        self.tol = tol
        self.patience = patience
        self.start_time = time.perf_counter() if start_time is None else start_time
        self._best = np.inf
        self._no_improvement = 0

    @property
    def watches_tol(self):
        """Whether the ``tol`` rule is on."""
        return self.tol is not None and self.patience is not None

    def evals_left(self, history):
        """Evaluations this fit may still run."""
        return self.max_evals - history.n_evals

    def check(self, criterion, history):
        """The reason to stop after an iteration whose criterion is given, or None."""
        if self.watches_tol:
            stalled = criterion > self._best - self.tol
            self._no_improvement = self._no_improvement + 1 if stalled else 0
        self._best = min(self._best, criterion)
        if self.watches_tol and self._no_improvement > self.patience:
            return StopReason.CONVERGED
        return self._budget_spent(history)

    def resume(self, history):
        """Go on although the ``tol`` rule fired (the solver chose to: an
        adaptive learning rate fell): count the patience again; the reason
        to stop, or None, as :meth:`check`."""
        self._no_improvement = 0
        return self._budget_spent(history)

    def _budget_spent(self, history):
        if history.n_evals >= self.max_evals:
            return StopReason.MAX_EVALS
        if (
            self.max_time is not None
            and time.perf_counter() - self.start_time >= self.max_time
        ):
            return StopReason.MAX_TIME
        return None

    def describe(self, reason):
        """The budget behind ``reason``, in words."""
        return {
            StopReason.MAX_ITER: f"maximum iterations ({self.max_iter})",
            StopReason.MAX_EVALS: f"maximum evaluations ({self.max_evals})",
            StopReason.MAX_TIME: f"time budget ({self.max_time} s)",
        }[reason]


class _MinibatchDriver:
    """What the minibatch drivers share: the ``tol`` rule watches the
    iteration's loss, that of the point the solver holds."""

    #: The ``tol`` rule watches ``loss``, not ``best_loss``.
    tol_watches_best = False

    @property
    def point(self):
        """The weights the solver holds: its current point."""
        return self.solver.theta


class MinibatchEpochs(_MinibatchDriver):
    """The driver of the gradient solvers: one iteration is one epoch.

    Parameters
    ----------
    solver : Solver
        A solver with ``uses_gradient = True``.
    problem : TrainingProblem
    rng : numpy.random.RandomState
        Shuffles the rows every epoch.
    batch_size : int
        Rows per minibatch.
    shuffle : bool
        Whether to shuffle the rows every epoch. As in scikit-learn's MLP,
        each epoch shuffles the previous epoch's order again (the first
        shuffles ``0, ..., n - 1``), one ``rng.permutation(n)`` an epoch: a
        fit from the same generator state visits the rows in the same
        order as ``MLPClassifier(solver="sgd")`` does.
    """

    #: Candidates scored by speculation and discarded: never any here.
    n_discarded = 0

    def __init__(self, solver, problem, rng, batch_size, shuffle):
        self.solver = solver
        self.problem = problem
        self.rng = rng
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.loss = self.best_loss = np.inf
        # The rows' order of the last epoch; each fit starts from 0..n-1.
        self._order = np.arange(problem.n_samples)

    @property
    def result(self):
        """The weights to keep: the solver's result."""
        return self.solver.result

    def blas_threads(self):
        """BLAS threads for this driver's products (see ``_threads``)."""
        return self.problem.blas_threads(self.batch_size, gradient=True)

    def start(self):
        """Evaluations needed before the first epoch: none."""
        return 0

    def step(self, max_rounds=1, max_evals=np.inf):
        """One epoch of minibatch ask/tell rounds; counts as one evaluation.

        :attr:`loss` is then the mean minibatch loss of the epoch.
        """
        problem, solver = self.problem, self.solver
        n = problem.n_samples
        order = self._order
        if self.shuffle:
            # sklearn.utils.shuffle(order, random_state=rng) is
            # order[rng.permutation(n)]: the same draws, the same order.
            order = self._order = order[self.rng.permutation(n)]
        total = 0.0
        for batch in gen_batches(n, self.batch_size):
            rows = order[batch]
            candidates = solver.ask()
            loss, grad = problem.loss_and_gradient(candidates[0], rows)
            solver.tell(candidates, np.array([loss]), grad[None])
            total += loss * len(rows)
        self.loss = float(total / n)
        self.best_loss = min(self.best_loss, self.loss)
        return 1

    def close(self):
        """Nothing to release."""

    def random_state(self):
        """Positions of the solver's own random streams: it has none."""
        return None


class MinibatchRounds(_MinibatchDriver):
    """Derivative-free rounds on minibatches, for data too large to score whole.

    Each round takes the next minibatch and scores the solver's candidates
    *and its current point* on it: the rows are shuffled once, into a
    copy of the data made when training starts (a gather of random rows
    every round would cost as much as scoring them), cut into minibatches
    of consecutive rows, and each pass over the data visits the
    minibatches in a new random order. Every round then scores the current
    point again (:meth:`SearchSolver.rescore
    <sk_hillclimb._solvers._search.SearchSolver.rescore>`), so that every
    comparison is between losses on the same rows and a point that was
    lucky on one batch is not kept for it. The weights kept are the current
    point (a best point over different batches would be the luckiest, not
    the best), and the loss recorded is its loss on the round's batch.
    Speculation is off: a plan would need the rows of future rounds.

    A restart (``"hillclimb"``'s ``restart_patience``) would throw the
    current point away, and with it the whole fit so far: the point a run
    ended on is kept aside and scored on every later round's batch too,
    and the weights kept are, of it and the current point, the one with
    the lower loss on the last batch (a run that ends hands on that one).
    Until a run ends the rounds are as above, one evaluation fewer.

    Parameters
    ----------
    solver : SearchSolver
    problem : TrainingProblem
    rng : numpy.random.RandomState
        Shuffles the rows.
    batch_size : int
        Rows per round.
    """

    #: Candidates scored by speculation and discarded: never any here.
    n_discarded = 0

    def __init__(self, solver, problem, rng, batch_size):
        self.solver = solver
        self.problem = problem
        self.rng = rng
        self.batch_size = batch_size
        self.loss = self.best_loss = np.inf
        self._shuffled = None
        self._batches, self._next = [], 0
        # The point the last finished run ended on (or beat), and the
        # weights to keep; None while no run has ended.
        self._ended = self._result = None

    @property
    def result(self):
        """The weights to keep: the current point, or an ended run's."""
        return self.solver.theta if self._result is None else self._result

    def blas_threads(self):
        """BLAS threads for this driver's products (see ``_threads``)."""
        return self.problem.blas_threads(self.batch_size, gradient=False)

    def start(self):
        """Score the starting point (on the first batch)."""
        return self.step()

    def step(self, max_rounds=1, max_evals=np.inf):
        """One round on the next minibatch; return its evaluations."""
        batch = self._next_batch()
        solver = self.solver
        candidates = solver.ask()
        rows = [candidates, solver.theta[None]]
        if self._ended is not None:
            rows.append(self._ended[None])
        losses = batch.losses(np.concatenate(rows))
        n = len(candidates)
        running = not solver.fresh
        solver.rescore(float(losses[n]))
        solver.tell(candidates, losses[:n])
        self.loss = solver.current_loss
        if self._ended is not None:
            if losses[-1] < self.loss:
                self._result, self.loss = self._ended, float(losses[-1])
            else:
                self._result = solver.theta
        if running and solver.fresh:
            # A restart: the run ended on this round.
            self._ended = self.result
        # Losses on different batches: the lowest is the luckiest batch's.
        self.best_loss = min(self.best_loss, self.loss)
        return len(losses)

    def _next_batch(self):
        if self._shuffled is None:
            order = self.rng.permutation(self.problem.n_samples)
            self._shuffled = self.problem.subset(order)
        if self._next == len(self._batches):
            batches = list(gen_batches(self._shuffled.n_samples, self.batch_size))
            self._batches = [batches[i] for i in self.rng.permutation(len(batches))]
            self._next = 0
        self._next += 1
        return self._shuffled.subset(self._batches[self._next - 1])

    def close(self):
        """Nothing to release."""

    def random_state(self):
        """Positions of the solver's random streams."""
        return self.solver.get_random_state()


def train(
    driver,
    rule,
    history,
    *,
    monitor=None,
    observers=None,
    verbose=False,
    solver_name="",
):
    """Run iterations of ``driver`` until ``rule`` stops them.

    Parameters
    ----------
    driver : SearchRounds, MinibatchRounds or MinibatchEpochs
    rule : StoppingRule
    history : FitHistory
        Updated in place.
    monitor : BestWeightsMonitor or None, default=None
        Scores the solver's result after every iteration; the ``tol`` rule
        then watches its score instead of the training loss.
    observers : FitObservers or None, default=None
        Told of every iteration (the ``callback``, ``verbose`` lines,
        scikit-learn's callbacks); may stop training.
    verbose : bool, default=False
        Print why training stopped.
    solver_name : str, default=""
        The solver's name, for messages.

    Returns
    -------
    reason : StopReason
    """
    # The first evaluation too runs under the limit: after one call on more
    # BLAS threads, the next single-threaded rounds ran 1.2 to 1.7x slower.
    threads = limit_blas_threads(driver.blas_threads())
    try:
        history.n_evals += driver.start()
        reason = _iterate(driver, rule, history, monitor, observers, verbose)
    except KeyboardInterrupt:
        if history.n_iter == 0:
            raise  # no iteration of this fit finished: nothing to keep
        warn(
            f"Training interrupted (KeyboardInterrupt) after {history.n_iter} "
            "iterations; the estimator keeps the best weights found so far.",
            UserWarning,
        )
        reason = StopReason.INTERRUPTED
    except _Diverged as diverged:
        raise ValueError(
            f"{_diverged(diverged.loss, history, solver_name)} Scale the "
            "features or use a smaller learning_rate_init or step_size."
        ) from None
    finally:
        threads.restore_original_limits()
        driver.close()
        history.n_discarded += driver.n_discarded
    if reason is StopReason.DIVERGED:
        # As scikit-learn's MLP: the weights validated before stay.
        warn(
            f"{_diverged(history.last[0], history, solver_name)} The "
            "estimator keeps the weights that scored best on the validation "
            f"set ({monitor.best_score:.6g}). Scale the features or use a "
            "smaller learning_rate_init or step_size.",
            ConvergenceWarning,
        )
    if observers is not None:
        observers.close()
    return reason


class _Diverged(Exception):
    def __init__(self, loss):
        self.loss = loss


def _diverged(loss, history, solver_name):
    return (
        f"The training loss became {loss} at iteration {history.n_iter}: "
        f"solver={solver_name!r} diverged."
    )


def _after_divergence(driver, monitor, criterion):
    """Stop with the best validated weights, or raise if there are none.

    Early stopping records nan as the diverged iteration's score (one
    score per iteration, as scikit-learn's MLP records); a pocket on the
    training data or no monitor at all ends the fit with an error, as
    does a divergence before any weights were validated.
    """
    if monitor is None or not monitor.held_out or monitor.best(None) is None:
        raise _Diverged(criterion)
    monitor.record_undefined()
    return StopReason.DIVERGED


def _iterate(driver, rule, history, monitor, observers, verbose):
    solver = driver.solver
    history.samples_per_iteration = driver.problem.n_samples
    # Per iteration, a search round can take a few tens of microseconds:
    # the loop's own work stays in locals.
    record, clock, start = history.record, time.perf_counter, rule.start_time
    watch_best = driver.tol_watches_best
    # Only the learning-rate schedules move at the end of an epoch.
    epoch_ends = (
        solver.iteration_ends
        if type(solver).iteration_ends is not Solver.iteration_ends
        else None
    )
    for i in range(rule.max_iter):
        if observers is not None:
            observers.before_iteration()
        n_evals = driver.step(
            max_rounds=rule.max_iter - i, max_evals=rule.max_evals - history.n_evals
        )
        loss, best_loss = driver.loss, driver.best_loss
        record(loss, best_loss, n_evals, clock() - start, solver.n_restarts)
        if epoch_ends is not None:
            epoch_ends(history.n_samples_seen)
        criterion = best_loss if watch_best else loss
        if not math.isfinite(criterion):
            return _after_divergence(driver, monitor, criterion)
        if monitor is not None:
            # Before the observers: a fit they stop keeps the same best
            # weights as one whose budget ends here.
            criterion = -monitor.update(driver.result)
        if observers is not None and observers.after_iteration():
            return StopReason.CALLBACK
        reason = rule.check(criterion, history)
        if reason is StopReason.CONVERGED:
            if verbose:
                _print_stall(rule, monitor)
            # An adaptive learning rate falls instead of stopping.
            if not solver.trigger_stopping(verbose):
                reason = rule.resume(history)
        if reason is not None:
            if verbose:
                _print_stop(reason, rule)
            return reason
    return StopReason.MAX_ITER


def _print_stall(rule, monitor):
    what = "Training loss" if monitor is None else monitor.label
    print(
        f"{what} did not improve more than tol={rule.tol} "
        f"for {rule.patience} consecutive iterations."
    )


def _print_stop(reason, rule):
    if reason is StopReason.CONVERGED:
        print("Stopping.")
    else:
        budget = rule.describe(reason)
        print(f"{budget[0].upper()}{budget[1:]} reached. Stopping.")


def warn_unconverged(reason, rule, solver_name):
    """Warn when a budget ended a fit that the ``tol`` rule was watching."""
    if reason.is_budget and rule.watches_tol:
        warn(
            f"Solver {solver_name!r}: {rule.describe(reason)} reached and the "
            "optimization hasn't converged yet.",
            ConvergenceWarning,
        )


def warn_no_progress(history, first, score, baseline, what, advice):
    """Warn when a fit ends where it began or no better than a baseline.

    Parameters
    ----------
    history : FitHistory
    first : int
        Index in the curves of ``history`` of this fit's first iteration.
    score, baseline : float
        Training score of the kept weights, and that of the trivial
        predictor (the majority class, the mean).
    what : str
        The trivial predictor, in words.
    advice : str
        What to change, in words.
    """
    curve = history.best_loss_curve[first:]
    # A loss that starts at zero (the perceptron criterion of zero weights)
    # has nothing to fall to: only the score says whether it learned.
    if len(curve) > 1 and curve[0] > 0 and min(curve) >= curve[0]:
        warn(
            f"The training loss never fell below its first value in "
            f"{len(curve)} iterations: no step was accepted. {advice}",
            ConvergenceWarning,
        )
    elif score <= baseline:
        warn(
            f"The training score ({score:.4g}) is no better than that of "
            f"{what} ({baseline:.4g}). {advice}",
            ConvergenceWarning,
        )
