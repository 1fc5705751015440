"""What watches a fit: one record per iteration and the observers fed from it.

The training loop (:mod:`sk_hillclimb._training`) records every iteration
in its :class:`~sk_hillclimb._training.FitHistory` whether or not anything
watches. A :class:`FitObservers`, when a fit has any, is told before and
after each iteration and feeds, from that one record:

- the estimator's ``callback``, after every iteration, with a
  :class:`FitProgress`;
- the observers of *blocks* of iterations (``verbose`` output,
  scikit-learn's callback contexts), at the end of each block: an epoch for
  the gradient solvers, :func:`block_size` rounds for the derivative-free
  ones, whose rounds can cost a few microseconds each.

Networks are built for an observer only when it asks (a snapshot copies the
weights into a new estimator), and watching never changes a random draw or
a weight: the observers only read.
"""

import copy

#: Most blocks of a derivative-free fit of known length.
MAX_BLOCKS = 100


def block_size(n_iterations, max_blocks=MAX_BLOCKS):
    """Iterations per block: the smallest of 1, 2, 5, 10, 20, 50, 100, ...
    that cuts ``n_iterations`` into at most ``max_blocks`` blocks.

    Round numbers, so that block ``k`` (from 0) ends at iteration
    ``(k + 1) * size``.

    Parameters
    ----------
    n_iterations : int
        Iterations the fit may run.
    max_blocks : int, default=100

    Returns
    -------
    size : int
    """
    size, scale = 1, 1
    while -(-n_iterations // size) > max_blocks:
        for step in (2, 5, 10):
            size = step * scale
            if -(-n_iterations // size) <= max_blocks:
                return size
        scale *= 10
    return size


class FitProgress:
    """Where a fit stands after an iteration: what the ``callback`` is given.

    Counts and losses are plain numbers that stay valid; the two snapshot
    methods build an estimator from the weights the solver holds *now*, so
    they can only be called while the callback runs (afterwards the solver
    has moved on, and they raise :class:`RuntimeError`).

    Read more in the :ref:`User Guide <callback_parameter>`.

    Attributes
    ----------
    n_iter : int
        Iterations this fit has run (what ``n_iter_`` would be): rounds of
        candidates for the derivative-free solvers, epochs for the gradient
        solvers.
    n_evals : int
        Evaluations this fit has made, its starting point included (what
        ``n_evals_`` would be).
    time : float
        Seconds since ``fit`` was called.
    loss : float
        The training loss of the point the solver holds (the value this
        iteration appends to ``loss_curve_``).
    best_loss : float
        The lowest loss so far in this fit (the value appended to
        ``best_loss_curve_``).
    n_restarts : int
        Runs this fit has begun anew (hill climbing's ``restart_patience``).
    restarted : bool
        Whether this iteration began a new run.
    """

    __slots__ = (
        "n_iter",
        "n_evals",
        "time",
        "loss",
        "best_loss",
        "n_restarts",
        "restarted",
        "_fit",
    )

    def __init__(self, history, fit):
        loss, best_loss, _, seconds = history.last
        self.n_iter = history.n_iter
        self.n_evals = history.n_evals
        self.time = seconds - history.time_offset
        self.loss = float(loss)
        self.best_loss = float(best_loss)
        self.n_restarts = history.n_restarts
        self.restarted = bool(history.restarts) and (
            history.restarts[-1] == history.n_earlier + self.n_iter - 1
        )
        self._fit = fit

    def __repr__(self):
        return (
            f"FitProgress(n_iter={self.n_iter}, n_evals={self.n_evals}, "
            f"time={self.time:.3g}, loss={self.loss:.6g}, "
            f"best_loss={self.best_loss:.6g}, n_restarts={self.n_restarts})"
        )

    def fitted_estimator(self):
        """The estimator ``fit`` would return if it stopped now.

        A new, ready-to-predict estimator with the weights the fit keeps
        (the best so far for the derivative-free solvers, the current ones
        for the gradient solvers, the best on validation data with
        ``early_stopping``, the perceptron's pocket) and the curves and
        counts so far. Scoring it on held-out data gives what a fit with
        ``max_iter=n_iter`` and the same ``random_state`` scores.

        Returns
        -------
        estimator : estimator instance
        """
        return self._live().estimator_with(self._live().result())

    def current_estimator(self):
        """A ready-to-predict estimator with the weights the solver holds.

        For a hill climber the current point of the run, for annealing the
        point it walked to (uphill moves included), for CMA-ES the best
        candidate of the last generation, for a genetic algorithm its best
        member; for the gradient solvers the weights of
        :meth:`fitted_estimator`. Its training loss is :attr:`loss`.

        Returns
        -------
        estimator : estimator instance
        """
        return self._live().estimator_with(self._live().point())

    def fitted_attributes(self):
        """The fitted attributes :meth:`fitted_estimator` sets, as a dict."""
        return self._live().attributes(self._live().result())

    def _live(self):
        if self._fit is None:
            raise RuntimeError(
                "FitProgress snapshots can only be taken inside the callback: "
                "the solver has moved on since."
            )
        return self._fit


class FitObservers:
    """Everything that watches one fit, fed by the training loop.

    Parameters
    ----------
    history : FitHistory
        The fit's history (read only).
    estimator : estimator instance
        The estimator being fitted; snapshots are shallow copies of it.
    attributes : callable
        ``attributes(weights)``: the fitted attributes (a dict) of a
        ready-to-predict estimator with the flat vector ``weights`` and
        the history so far.
    result, point : callable
        The weights the fit would keep now, and those the solver holds.
    callback : callable or None, default=None
        Called after every iteration with a :class:`FitProgress`; a true
        result stops training.
    block : int, default=1
        Iterations per block.
    block_observers : list, default=()
        Objects with ``begin_block(n_iter)`` (iterations before the block),
        ``end_block(progress)`` (a true result stops training) and
        ``end_fit()`` (the estimator is fitted).
    """

    def __init__(
        self,
        history,
        estimator,
        attributes,
        result,
        point,
        *,
        callback=None,
        block=1,
        block_observers=(),
    ):
        self.history = history
        self.estimator = estimator
        self.attributes = attributes
        self.result = result
        self.point = point
        self.callback = callback
        self.block = block
        self.block_observers = list(block_observers)
        self._open = False

    def estimator_with(self, weights):
        """A shallow copy of the estimator with the fitted attributes of
        ``weights`` (as scikit-learn builds a callback's fitted estimator)."""
        snapshot = copy.copy(self.estimator)
        vars(snapshot).update(self.attributes(weights))
        return snapshot

    def before_iteration(self):
        """Begin a block if the next iteration is its first."""
        if not self._open and self.block_observers:
            self._open = True
            for observer in self.block_observers:
                observer.begin_block(self.history.n_iter)

    def after_iteration(self):
        """Tell the observers of the iteration just recorded; whether to stop."""
        progress = FitProgress(self.history, self)
        try:
            stop = self.callback is not None and bool(self.callback(progress))
            if self._open and self.history.n_iter % self.block == 0:
                stop = self._end_block(progress) or stop
        finally:
            progress._fit = None
        return stop

    def close(self):
        """End the last block, if open: training has stopped."""
        if self._open and self.history.n_iter:
            progress = FitProgress(self.history, self)
            try:
                self._end_block(progress)
            finally:
                progress._fit = None

    def fit_ends(self):
        """Tell the block observers that the estimator is fitted."""
        for observer in self.block_observers:
            observer.end_fit()

    def _end_block(self, progress):
        self._open = False
        stop = False
        for observer in self.block_observers:
            stop = bool(observer.end_block(progress)) or stop
        return stop


class VerboseLog:
    """``verbose=True``: a line per block of iterations, as ``MLPClassifier``.

    Parameters
    ----------
    monitor : BestWeightsMonitor or None
        Its latest score is printed too (validation with early stopping,
        the perceptron's pocket).
    derivative_free : bool
        Whether to print the best loss and the evaluations as well (a
        gradient solver's best loss is just the lowest epoch's).
    """

    def __init__(self, monitor=None, derivative_free=False):
        self.monitor = monitor
        self.derivative_free = derivative_free

    def begin_block(self, n_iter):
        """Nothing to print at a block's start."""

    def end_block(self, progress):
        """Print the block's last iteration; never stops training."""
        line = f"Iteration {progress.n_iter}, loss = {progress.loss:.8f}"
        if self.derivative_free:
            line += (
                f", best loss = {progress.best_loss:.8f}, "
                f"evaluations = {progress.n_evals}, time = {progress.time:.2f} s"
            )
            if progress.n_restarts:
                line += f", restarts = {progress.n_restarts}"
        print(line)
        if self.monitor is not None and self.monitor.scores:
            print(f"{self.monitor.label}: {self.monitor.scores[-1]:.8f}")
        return False

    def end_fit(self):
        """Nothing to print: the loop says why it stopped."""
