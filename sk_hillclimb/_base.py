"""The shared estimator: parameters, validation and the one training loop."""

import math
import sys
import time
from dataclasses import dataclass, replace
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
)
from sklearn.utils import check_random_state
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from ._callback_bridge import SklearnCallbacks, has_callbacks
from ._doc_link import doc_link_template
from ._early_stopping import BestWeightsMonitor, split_validation
from ._layout import Layout
from ._network import DERIVATIVES, forward, init_scale
from ._objectives import OBJECTIVES, REGRESSION_OBJECTIVES
from ._observe import FitObservers, VerboseLog, block_size
from ._pool import ScoringPool, effective_threads
from ._problem import TrainingProblem
from ._sklearn_compat import (
    CallbackSupportMixin,
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
    _check_sample_weight,
    _fit_context,
)
from ._solvers import SOLVERS
from ._speculative import SearchRounds
from ._training import (
    FitHistory,
    MinibatchEpochs,
    MinibatchRounds,
    StoppingRule,
    train,
    warn_no_progress,
    warn_unconverged,
)
from ._warnings import warn

#: Bound on the scores of the classifiers' predict paths; twice it is
#: still a finite float.
_MAX_LOGIT = 1e300
#: The fitted curves, by attribute name without the trailing "_".
_CURVES = (*FitHistory.CURVES, "restarts")
#: What scikit-learn's callback context keeps on the estimator during a fit.
_CALLBACK_STATE = ("_callback_fit_ctx", "_skl_callbacks_to_teardown")
#: Version of the pickled state; bump it when the fitted attributes change
#: in a way that older states cannot be read as they are.
_STATE_FORMAT = 1


@dataclass(frozen=True)
class FitContext:
    """What one call to ``fit`` or ``partial_fit`` is, for the hooks.

    Attributes
    ----------
    solver_cls : type
        The solver class named by ``solver``.
    objective : str
        The objective the solver minimises (any "auto" resolved).
    warm : bool
        Whether training continues from the fitted weights (``warm_start``
        or a later ``partial_fit`` call).
    incremental : bool
        Whether this is ``partial_fit``.
    classes : array-like or None
        The ``classes`` passed to ``partial_fit``.
    early_stopping : bool
        Whether this fit sets a validation set aside (``early_stopping``
        with any "auto" resolved); known once the data are validated.
    """

    solver_cls: type
    objective: str
    warm: bool
    incremental: bool
    classes: object = None
    early_stopping: bool = False


def _solver_hint(solver):
    """A hint for scikit-learn's solver names that are not ours, or None."""
    if solver == "sgd":
        return (
            "scikit-learn's 'sgd' is called 'sgd-backprop' here: did you mean "
            "solver='sgd-backprop'?"
        )
    if solver == "lbfgs":
        gradient = sorted(k for k, v in SOLVERS.items() if v.uses_gradient)
        return (
            "scikit-learn's 'lbfgs' is not available here; the gradient "
            f"solvers are {gradient}."
        )
    return None


def _check_weight_total(sample_weight, name):
    """Refuse weights whose float64 sum is not a positive normal number.

    The objective divides by this sum (and the L2 penalty by it, as in
    scikit-learn), so it must neither overflow nor underflow; weights
    that all scale alike can be rescaled by the user.
    """
    total = float(sample_weight.sum(dtype=np.float64))
    if not np.isfinite(total) or total < np.finfo(np.float64).tiny:
        if not np.isfinite(total):
            what = "overflows"
        elif total == 0:
            what = "is zero: no sample has a weight"
        else:
            what = "underflows"
        raise ValueError(
            f"The sum of {name} {what} ({total!r} in float64). Rescale the "
            "weights by a common factor: the objective divides by their sum."
        )


def _history_attributes(history, early_stopping=False):
    """The fitted attributes that come from the history of the fits.

    ``best_loss_`` is None with ``early_stopping``, as in scikit-learn's
    MLP: the kept weights are then the best on validation data, not those
    of the lowest training loss.
    """
    curves = history.curves()
    best = None if early_stopping else float(min(curves["best_loss_curve"]))
    return {
        **{f"{name}_": curve for name, curve in curves.items()},
        "best_loss_": best,
        "loss_": float(curves["loss_curve"][-1]),
        "n_iter_": history.n_iter,
        "n_evals_": history.n_evals,
        "n_restarts_": history.n_restarts,
        "t_": history.n_samples_seen,
    }


def _uses_gradient(estimator):
    solver = SOLVERS.get(estimator.solver)
    return solver is not None and solver.uses_gradient


class BaseHillClimb(CallbackSupportMixin, BaseEstimator):
    """Base class of the estimators: everything but the task and the network.

    Subclasses say what the network looks like (:meth:`_hidden_layers`,
    :meth:`_activation`), how targets are encoded (:meth:`_encode_targets`),
    how logits are scored against them (:meth:`_score_logits`, for early
    stopping and a pocket) and where the fitted weights are stored
    (:meth:`_get_weights`, :meth:`_weight_attributes`). Hooks that depend on the
    kind of fit take a :class:`FitContext`.
    """

    #: The "?" of the HTML repr links to our API pages (see ``__doc_url__``).
    _doc_link_module = "sk_hillclimb"
    _doc_link_template = property(doc_link_template)
    #: Name -> objective: the table ``objective`` is looked up in.
    _objectives = OBJECTIVES
    #: Keywords for ``validate_data`` about ``y`` (multi-output, numeric).
    _y_validation = {}

    _parameter_constraints = {
        "solver": [StrOptions(set(SOLVERS))],
        "objective": [StrOptions(set(OBJECTIVES))],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate_init": [
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "max_iter": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            # scikit-learn's MLP accepts it: a patience that never runs out
            Options(Real, {np.inf}),
            StrOptions({"auto"}),
        ],
        "step_size": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "step_scale": [StrOptions({"init", "absolute"})],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "callback": [callable, None],
        "step_adaptation": [StrOptions({"one-fifth"}), None],
        "n_candidates": [Interval(Integral, 1, None, closed="left")],
        "perturb_fraction": [Interval(Real, 0, 1, closed="right")],
        "restart_patience": [Interval(Integral, 1, None, closed="left"), None],
        "initial_temperature": [
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "cooling": [Interval(Real, 0, 1, closed="right"), StrOptions({"auto"})],
        "max_evals": [Interval(Integral, 1, None, closed="left"), None],
        "max_time": [Interval(Real, 0, None, closed="neither"), None],
        "speculative": ["boolean"],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "population_size": [Interval(Integral, 2, None, closed="left"), None],
        "mutation_rate": [Interval(Real, 0, 1, closed="right")],
        # scikit-learn's [Integral, None], without the meaningless 0.
        "n_jobs": [
            Interval(Integral, None, -1, closed="right"),
            Interval(Integral, 1, None, closed="left"),
            None,
        ],
    }

    # -- what subclasses define ---------------------------------------------

    def _hidden_layers(self):
        return ()

    def _activation(self):
        return "identity"

    def _objective_name(self, solver_cls):
        """The objective ``solver_cls`` minimises (resolves any "auto")."""
        return self.objective

    def _check_targets(self, y):
        """``y`` as validated, in the shape the other hooks take."""
        return y

    def _objective(self, name):
        """The objective called ``name``, built with the estimator's values
        of its ``parameters`` (the regressor's ``quantile``)."""
        objective = self._objectives[name]
        params = {
            key: getattr(self, key) for key in getattr(objective, "parameters", ())
        }
        return type(objective)(**params) if params else objective

    def _early_stopping(self, context, n_samples):
        """Whether this fit stops early on a validation set.

        ``early_stopping`` as given; "auto" (the regressor's default) is
        :meth:`_auto_early_stopping`'s answer, never for ``partial_fit``.
        """
        if not isinstance(self.early_stopping, str):  # not "auto"
            return bool(self.early_stopping)
        return not context.incremental and self._auto_early_stopping(context, n_samples)

    def _auto_early_stopping(self, context, n_samples):
        """``early_stopping="auto"`` for this fit of ``n_samples`` samples."""
        return False

    def _keeps_pocket(self, context):
        """Whether this fit keeps the best weights on the training data.

        A pocket is a :class:`~._early_stopping.BestWeightsMonitor` on the
        training set, used where the iterate itself is no estimate worth
        keeping (see :class:`~sk_hillclimb.HillClimbPerceptron`); the
        ``tol`` rule then watches its score. No estimator keeps one by
        default.
        """
        return False

    # -- validation -----------------------------------------------------------

    def _validate_params(self):
        # scikit-learn's solver names get a hint before the generic error.
        hint = _solver_hint(self.solver) if isinstance(self.solver, str) else None
        if hint is not None:
            raise InvalidParameterError(
                f"The 'solver' parameter of {type(self).__name__} must be a str "
                f"among {sorted(SOLVERS)}. Got {self.solver!r} instead: {hint}"
            )
        super()._validate_params()

    def _make_context(self, incremental, classes):
        """What this call to ``fit`` or ``partial_fit`` is; checks that
        involve the solver together with other parameters."""
        solver_cls = SOLVERS[self.solver]
        objective = self._objective_name(solver_cls)
        self._check_solver_compatibility(solver_cls, objective)
        explicit = not isinstance(self.early_stopping, str)  # not "auto"
        if incremental and explicit and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True.")
        warm = hasattr(self, "n_iter_") and (self.warm_start or incremental)
        return FitContext(solver_cls, objective, warm, incremental, classes)

    def _check_solver_compatibility(self, solver_cls, objective_name):
        """Gradient solvers need an activation and objective with gradients."""
        if not solver_cls.uses_gradient:
            return
        free = sorted(k for k, v in SOLVERS.items() if not v.uses_gradient)
        if self._activation() not in DERIVATIVES:
            raise ValueError(
                f"activation={self._activation()!r} has no gradient, so "
                f"solver={self.solver!r} cannot train it. Use a derivative-free "
                f"solver {free} or one of the activations "
                f"{sorted(DERIVATIVES)}."
            )
        if not self._objectives[objective_name].differentiable:
            smooth = sorted(k for k, v in self._objectives.items() if v.differentiable)
            raise ValueError(
                f"objective={objective_name!r} is piecewise constant and has no "
                f"gradient, so solver={self.solver!r} cannot minimise it. Use a "
                f"derivative-free solver {free} or one of the "
                f"objectives {smooth}."
            )

    def _batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples:
            warn(
                f"batch_size={self.batch_size} is larger than the number of "
                f"samples ({n_samples}); it is clipped to {n_samples}.",
                UserWarning,
            )
        return min(self.batch_size, n_samples)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Only products X @ W and X.T @ delta touch X: sparse X stays sparse.
        tags.input_tags.sparse = True
        return tags

    # -- fitting --------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data. float32 data is trained in float32 (half the
            memory and faster products; the fitted weights are float32
            too), anything else in float64.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values (several columns for the regressor only).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample in the objective and its
            gradient, for every solver; ``None`` weighs all samples
            equally. An integer weight acts like repeating the sample, a
            zero weight like leaving it out (exactly so for the
            derivative-free solvers, and for the gradient solvers when one
            batch holds all samples; in expectation with smaller batches).
            Weights are handled in float64 whatever the dtype of ``X``.
            Their sum plays the part of ``n_samples`` in the L2 penalty
            (see ``alpha``), as in
            :class:`~sklearn.neural_network.MLPClassifier`: weights that
            sum to far less than ``n_samples`` strengthen it. A sum that
            overflows or underflows float64 is refused.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(X, y, incremental=False, sample_weight=sample_weight)

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Run one epoch of the gradient solver on the given data.

        Only available for the gradient solvers (``"sgd-backprop"``,
        ``"adam"``). Successive calls continue from the previous weights
        and the solver's state (momentum, Adam's moments, the learning
        rate). The arguments are in the order of
        :meth:`MLPClassifier.partial_fit
        <sklearn.neural_network.MLPClassifier.partial_fit>`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample; ``None`` weighs all
            samples equally.
        classes : array-like of shape (n_classes,), default=None
            All classes that can appear in ``y``. Required on the first
            call, optional afterwards, where it must
            name the same classes (classifiers only).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(
            X, y, incremental=True, classes=classes, sample_weight=sample_weight
        )

    def _fit_atomic(self, X, y, incremental, classes=None, sample_weight=None):
        # Either the whole fit succeeds or the estimator is left exactly as
        # it was: never half-fitted after an error.
        saved = dict(vars(self))
        try:
            # A diverging candidate overflows; its loss is then inf or nan,
            # which the solvers reject and the loop reports, so numpy's
            # warnings would only be noise.
            with np.errstate(over="ignore", invalid="ignore"):
                return self._fit(X, y, incremental, classes, sample_weight)
        except BaseException:
            # scikit-learn's callbacks are torn down after fit returns or
            # raises, from what the fit's context left on the estimator.
            kept = {k: v for k, v in vars(self).items() if k in _CALLBACK_STATE}
            vars(self).clear()
            vars(self).update(saved)
            vars(self).update(kept)
            raise

    def _fit(self, X, y, incremental, classes, sample_weight=None):
        """Prepare the problem, train, store the result."""
        start_time = time.perf_counter()
        context = self._make_context(incremental, classes)
        # CSR: minibatches and loss chunks take rows of X. float32 data is
        # trained in float32, like MLPClassifier does.
        X, y = validate_data(
            self,
            X,
            y,
            reset=not context.warm,
            dtype=(np.float64, np.float32),
            accept_sparse="csr",
            **self._y_validation,
        )
        y = self._check_targets(y)
        context = replace(
            context, early_stopping=self._early_stopping(context, X.shape[0])
        )
        # What the callbacks' hooks are given: the data as fit was.
        given = {"X": X, "y": y, "sample_weight": sample_weight}
        targets, n_outputs = self._encode_targets(y, context)
        sample_weight = self._sample_weight(X, y, sample_weight, context)
        layout = Layout([X.shape[1], *self._hidden_layers(), n_outputs])
        init = self._init_distribution(context, layout, targets, sample_weight)
        rng, theta0, history = self._starting_point(context, layout, init)
        X, targets, sample_weight, monitor = self._monitor(
            context, layout, X, targets, sample_weight, rng, theta0
        )
        problem = self._problem(context, layout, X, targets, sample_weight)
        hyper = self._hyperparameters(context.solver_cls)
        max_iter = self._max_iter(context, problem, hyper)
        driver = self._driver(context, problem, theta0, rng, hyper, max_iter, init)
        rule = self._stopping_rule(context, driver.solver, start_time, max_iter)
        observers = self._observers(
            context, driver, monitor, history, max_iter, X.dtype, given
        )
        first = history.n_earlier
        reason = self._train(problem, driver, rule, history, monitor, observers)
        warn_unconverged(reason, rule, self.solver)
        self._store(context, layout, driver, monitor, history, X.dtype)
        self._rng_state = rng.get_state()
        if observers is not None:
            observers.fit_ends()
        # After a divergence, its own warning says what to change.
        if not (context.incremental or reason.by_user or reason.diverged):
            self._check_progress(problem, history, first)
        return self

    def _problem(self, context, layout, X, targets, sample_weight):
        """The data, network and objective the solvers score."""
        return TrainingProblem(
            layout,
            X,
            targets,
            self._objective(context.objective),
            self._activation(),
            self.alpha,
            sample_weight,
            pool=self._scoring_pool(context),
        )

    def _train(self, problem, driver, rule, history, monitor, observers):
        """The training loop; the scoring pool's threads end with it."""
        try:
            return train(
                driver,
                rule,
                history,
                monitor=monitor,
                observers=observers,
                verbose=self.verbose,
                solver_name=self.solver,
            )
        finally:
            problem.pool.close()

    def _scoring_pool(self, context):
        """The threads of this fit's scoring (``n_jobs``): one for the
        gradient solvers, whose products are BLAS's to thread."""
        if context.solver_cls.uses_gradient:
            return ScoringPool(1)
        return ScoringPool(effective_threads(self.n_jobs))

    def _check_progress(self, problem, history, first):
        """Warn (ConvergenceWarning) when the fit learned nothing useful."""
        what, baseline = self._baseline(problem.y, problem.sample_weight)
        score = np.inf  # no baseline to beat: nothing to score
        if baseline > -np.inf:
            logits = problem.logits(problem.layout.pack(*self._get_weights()))
            score = self._score_logits(logits, problem.y, problem.sample_weight)
        step = SOLVERS[self.solver].tuning_hint
        warn_no_progress(
            history,
            first,
            score,
            baseline,
            what,
            f"Scale the features (StandardScaler), raise max_iter or change {step}.",
        )

    def _init_distribution(self, context, layout, targets, sample_weight):
        """Centre and half-widths of the uniform initialisation distribution.

        A cold start draws from it (see :meth:`_initial_theta`), random
        search and restarts draw fresh networks from it, and
        ``step_scale="init"`` measures steps in its half-widths. By
        default Glorot-uniform around zero, as in scikit-learn.

        Returns
        -------
        center, scale : ndarray of shape (n_params,)
        """
        return np.zeros(layout.n_params), init_scale(layout, self._activation())

    def _starting_point(self, context, layout, init):
        """The random generator, the first weights and the history so far."""
        if not context.warm:
            rng = check_random_state(self.random_state)
            center, scale = init
            theta0 = center + self._initial_theta(rng, scale)
            return rng, theta0, FitHistory()
        # The generator is kept as its state (arrays and builtins, so that
        # the fitted estimator persists with skops).
        rng = np.random.RandomState()
        rng.set_state(self._rng_state)
        # As in scikit-learn, loss_curve_ goes on and the counts restart.
        curves = {name: getattr(self, f"{name}_", None) for name in _CURVES}
        history = FitHistory(curves, n_samples_seen=getattr(self, "t_", 0))
        return rng, layout.pack(*self._get_weights()), history

    def _step_unit(self, scale, problem):
        """Per-parameter unit of ``step_size`` when ``step_scale="init"``.

        The half-width of each parameter's initialisation distribution: a
        step then moves every layer by the same fraction of its initial
        size, whatever the widths of the network.
        """
        return scale

    def _initial_theta(self, rng, scale):
        """Starting weights of a cold start, around the distribution's centre.

        A uniform draw within ``scale`` by default; the result is added to
        the centre of :meth:`_init_distribution`.
        """
        return rng.uniform(-1.0, 1.0, len(scale)) * scale

    def _monitor(self, context, layout, X, targets, sample_weight, rng, theta0):
        """The best-weights monitor of this fit, if any, and the data to train on.

        With early stopping, the validation set is carved out of the data
        (see :mod:`._early_stopping`); a warm start continues the scores
        of the previous fit and scores its starting point first, so that
        it never ends worse on validation than it began. A pocket (see
        :meth:`_keeps_pocket`) watches the training data and starts with
        the starting point too.
        """
        if context.early_stopping:
            X, X_val, targets, y_val, sample_weight, w_val = split_validation(
                X,
                targets,
                sample_weight,
                self.validation_fraction,
                rng,
                self._strata(targets),
            )
            scores = getattr(self, "validation_scores_", None) if context.warm else None
            monitor = BestWeightsMonitor(
                layout,
                self._activation(),
                X_val,
                y_val,
                w_val,
                self._score_logits,
                scores,
            )
            if context.warm:
                monitor.offer(theta0)
        elif not context.incremental and self._keeps_pocket(context):
            monitor = BestWeightsMonitor(
                layout,
                self._activation(),
                X,
                targets,
                sample_weight,
                self._score_logits,
                label="Pocket score",
                held_out=False,
            )
            monitor.offer(theta0)
        else:
            monitor = None
        return X, targets, sample_weight, monitor

    def _strata(self, targets):
        """Labels to stratify the early-stopping split by, or None."""
        return None

    def _hyperparameters(self, solver_cls):
        """The solver's keyword arguments, with their "auto" values resolved."""
        hyper = {name: getattr(self, name) for name in solver_cls.hyperparameters}
        if hyper.get("step_size") == "auto":
            hyper["step_size"] = solver_cls.default_step_size
        if hyper.get("learning_rate_init") == "auto":
            hyper["learning_rate_init"] = solver_cls.default_learning_rate_init
        return hyper

    def _max_iter(self, context, problem, hyper):
        """``max_iter``, with "auto" resolved for this problem.

        "auto" leaves the budget to ``max_evals`` or ``max_time`` when one
        is set (no cap on the iterations), and is otherwise the solver's
        :meth:`auto_max_iter`.
        """
        if self.max_iter != "auto":
            return self.max_iter
        if self.max_evals is not None or self.max_time is not None:
            return sys.maxsize
        return self._auto_max_iter(context, problem, hyper)

    def _auto_max_iter(self, context, problem, hyper):
        """The solver's ``auto_max_iter`` for this problem.

        A minibatch round of a derivative-free solver costs its batch, not
        the training set: the budget then buys more rounds.
        """
        rows = problem.n_samples
        if self.batch_size != "auto" and not context.solver_cls.uses_gradient:
            rows = self._batch_size(rows)
        return context.solver_cls.auto_max_iter(problem.layout, rows, hyper)

    def _driver(self, context, problem, theta0, rng, hyper, max_iter, init):
        """The solver of this fit, in the driver that runs its iterations."""
        solver_cls = context.solver_cls
        hyper = dict(hyper)
        if solver_cls.uses_gradient:
            solver = solver_cls(theta0, **hyper)
            if context.incremental and context.warm:
                solver.set_state(self._solver_state)
            batch_size = self._batch_size(problem.n_samples)
            return MinibatchEpochs(solver, problem, rng, batch_size, self.shuffle)
        center, scale = init
        if "step_size" in solver_cls.hyperparameters and self.step_scale == "init":
            hyper["step_scale"] = self._step_unit(scale, problem)
        if hyper.get("cooling") == "auto":
            # The schedule spans this fit's budget (one proposal a round);
            # under max_time alone, the budget "auto" would have given.
            rounds = min(max_iter, self.max_evals or max_iter)
            if rounds == sys.maxsize:
                rounds = self._auto_max_iter(context, problem, hyper)
            hyper["cooling"] = solver_cls.auto_cooling(rounds)
        solver = solver_cls(
            theta0,
            rng=rng,
            init_scale=scale,
            init_center=center if center.any() else None,
            **hyper,
        )
        # The solver's own per-round work (breeding, sampling) shares the
        # scoring threads: it runs between scoring calls, never with them.
        solver.pool = problem.pool
        saved = getattr(self, "_search_state", None) if context.warm else None
        if (
            saved is not None
            and saved["solver"] == self.solver
            and saved["n_params"] == problem.layout.n_params
        ):
            # A warm start draws on where the previous fit stopped, so that
            # 10 + 10 iterations are the 20 of one fit.
            solver.set_random_state(saved["streams"])
        if self.batch_size == "auto":
            return SearchRounds(solver, problem, self.speculative)
        batch_size = self._batch_size(problem.n_samples)
        return MinibatchRounds(solver, problem, rng, batch_size)

    def _auto_patience(self, solver):
        """``n_iter_no_change="auto"``: the solver's default patience."""
        return solver.default_n_iter_no_change

    def _stopping_rule(self, context, solver, start_time, max_iter):
        """Budgets and the ``tol`` rule of this fit."""
        patience = self.n_iter_no_change
        if patience == "auto":
            patience = self._auto_patience(solver)
        # partial_fit runs one epoch: no rule but that.
        return StoppingRule(
            1 if context.incremental else max_iter,
            max_evals=self.max_evals,
            max_time=self.max_time,
            tol=None if context.incremental else self.tol,
            patience=patience,
            start_time=start_time,
        )

    def _observers(self, context, driver, monitor, history, max_iter, dtype, given):
        """What watches this fit (see :mod:`._observe`), or None."""
        block, max_blocks = self._blocks(context, driver, max_iter)
        watchers = []
        if self.verbose:
            derivative_free = not context.solver_cls.uses_gradient
            watchers.append(VerboseLog(monitor, derivative_free))
        if has_callbacks(self):
            weights = given["sample_weight"]
            metadata = None if weights is None else {"sample_weight": weights}
            watchers.append(
                SklearnCallbacks(
                    self,
                    given["X"],
                    given["y"],
                    metadata,
                    max_blocks,
                    block,
                    epochs=context.solver_cls.uses_gradient,
                )
            )
        if self.callback is None and not watchers:
            return None
        layout = driver.problem.layout

        def attributes(weights):
            theta = np.array(weights, dtype)  # a copy: the solver moves on
            return {
                **self._weight_attributes(*layout.unpack(theta)),
                **_history_attributes(history, context.early_stopping),
                "objective_": context.objective,
            }

        def result():
            return driver.result if monitor is None else monitor.best(driver.result)

        return FitObservers(
            history,
            self,
            attributes,
            result,
            lambda: driver.point,
            callback=self.callback,
            block=block,
            block_observers=watchers,
        )

    def _blocks(self, context, driver, max_iter):
        """Iterations per observed block, and the most blocks (None: unknown).

        An epoch of a gradient solver is a block. Rounds of a
        derivative-free solver cost microseconds each, so a block is
        :func:`~._observe.block_size` rounds: at most 100 blocks a fit.
        """
        solver_cls, problem = context.solver_cls, driver.problem
        hyper = self._hyperparameters(solver_cls)
        bound = 1 if context.incremental else max_iter
        if self.max_evals is not None:
            # Every iteration scores at least its solver's evaluations (an
            # epoch counts one), and the fit stops after the iteration that
            # reaches the budget.
            per_iteration = (
                1
                if solver_cls.uses_gradient
                else solver_cls.evaluations_per_iteration(
                    problem.layout.n_params, hyper
                )
            )
            bound = min(bound, math.ceil(self.max_evals / per_iteration))
        known = bound != sys.maxsize
        if solver_cls.uses_gradient:
            return 1, (bound if known else None)
        # A time budget alone: blocks as for the iterations of "auto".
        length = bound if known else self._auto_max_iter(context, problem, hyper)
        block = block_size(length)
        return block, (math.ceil(bound / block) if known else None)

    def _store(self, context, layout, driver, monitor, history, dtype):
        """The fitted attributes: weights, curves, counts, states."""
        result = driver.result
        theta = np.array(result if monitor is None else monitor.best(result), dtype)
        if not np.all(np.isfinite(theta)):
            raise ValueError(
                f"solver={self.solver!r} produced non-finite weights after "
                f"{history.n_iter} iterations although the loss stayed finite. "
                "Scale the features or use a smaller learning_rate_init or "
                "step_size."
            )
        vars(self).update(self._weight_attributes(*layout.unpack(theta)))
        # A pocket is no validation: those stay None.
        validation = monitor if context.early_stopping else None
        self.validation_scores_ = None if validation is None else validation.scores
        self.best_validation_score_ = (
            None if validation is None else validation.best_score
        )
        self.objective_ = context.objective
        vars(self).update(_history_attributes(history, context.early_stopping))
        self.n_evals_discarded_ = history.n_discarded
        self._solver_state = driver.solver.get_state()
        streams = driver.random_state()
        self._search_state = (
            None
            if streams is None
            else {
                "solver": self.solver,
                "n_params": layout.n_params,
                "streams": streams,
            }
        )

    def _sample_weight(self, X, y, sample_weight, context):
        """Validated sample weights times the class weights, or None."""
        if sample_weight is not None:
            # Zero weights are allowed, all-zero weights are refused.
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
            _check_weight_total(sample_weight, "sample_weight")
        return sample_weight

    # -- prediction -----------------------------------------------------------

    def _logits(self, X):
        """Output-layer pre-activations, shape (n_samples, n_outputs)."""
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            reset=False,
            dtype=(np.float64, np.float32),
            accept_sparse=("csr", "csc"),
        )
        coefs, intercepts = self._get_weights()
        # Predict in the dtype the network was trained in.
        X = X.astype(coefs[0].dtype, copy=False)
        return forward(
            [W[None] for W in coefs],
            [b[None] for b in intercepts],
            X,
            self._activation(),
        )[0]

    # -- persistence ----------------------------------------------------------

    def __getstate__(self):
        from . import __version__

        state = super().__getstate__()
        state["_sk_hillclimb_version"] = __version__
        state["_sk_hillclimb_state_format"] = _STATE_FORMAT
        return state

    def __setstate__(self, state):
        from . import __version__

        state = dict(state)
        saved_by = state.pop("_sk_hillclimb_version", "0.1.0")
        state_format = state.pop("_sk_hillclimb_state_format", 0)
        if state_format != _STATE_FORMAT and state_format != 0:
            raise ValueError(
                f"This {type(self).__name__} was saved by sk_hillclimb "
                f"{saved_by} in state format {state_format}, which sk_hillclimb "
                f"{__version__} cannot read (it reads format {_STATE_FORMAT}). "
                f"Load it with sk_hillclimb {saved_by}, or refit the estimator."
            )
        # Format 0 (development snapshots before 0.1.0) kept the generator
        # itself; format 1 keeps its state.
        rng = state.pop("_random_state", None)
        if isinstance(rng, np.random.RandomState):
            state["_rng_state"] = rng.get_state()
        super().__setstate__(state)


class BaseHillClimbClassifier(ClassifierMixin, BaseHillClimb):
    """Label handling and prediction shared by the classifiers.

    One output unit for two classes (its logit is the log-odds of
    ``classes_[1]``), one unit per class otherwise, one logistic unit per
    label for multilabel targets (a 2-D 0/1 indicator ``y``, accepted by
    the estimators whose ``_y_validation`` allows several outputs).
    """

    #: Whether the fitted targets were a multilabel indicator matrix.
    _multilabel = False

    def _sample_weight(self, X, y, sample_weight, context):
        """Sample weights times class weights; None when both are absent."""
        sample_weight = super()._sample_weight(X, y, sample_weight, context)
        # Only the classifiers that declare ``class_weight`` have it.
        class_weight = getattr(self, "class_weight", None)
        if class_weight is not None:
            y_idx = np.searchsorted(self.classes_, y)
            if class_weight == "balanced":
                if context.incremental:
                    raise ValueError(
                        "class_weight='balanced' is not supported by "
                        "partial_fit: one batch does not tell the class "
                        "frequencies. Pass a dict of class weights instead."
                    )
                # n / (n_classes * count_c), with weighted counts so that
                # integer sample weights still act as repetitions.
                counts = np.bincount(
                    y_idx, weights=sample_weight, minlength=len(self.classes_)
                )
                present = counts > 0
                per_class = np.ones(len(counts))
                per_class[present] = counts.sum() / (present.sum() * counts[present])
            else:
                per_class = compute_class_weight(
                    class_weight, classes=self.classes_, y=y
                ).astype(np.float64)
                bad = ~(np.isfinite(per_class) & (per_class >= 0))
                if bad.any():
                    given = dict(
                        zip(self.classes_[bad].tolist(), per_class[bad].tolist())
                    )
                    raise ValueError(
                        "class_weight must give every class a finite, "
                        f"non-negative weight; got {given}."
                    )
            class_sw = per_class[y_idx]
            sample_weight = (
                class_sw if sample_weight is None else sample_weight * class_sw
            )
            _check_weight_total(sample_weight, "sample_weight times class_weight")
        if sample_weight is not None and not (context.warm or context.incremental):
            weighted = np.unique(y[sample_weight > 0])
            if len(weighted) < 2:
                raise ValueError(
                    "All samples with a non-zero weight belong to one class, "
                    f"{weighted.tolist()[0]!r}. A classifier needs samples of at least "
                    "2 classes."
                )
        return sample_weight

    def __sklearn_tags__(self):
        # ClassifierMixin makes classifier_tags after BaseHillClimb's turn,
        # so the solver's poor_score can only be set here.
        tags = super().__sklearn_tags__()
        solver = SOLVERS.get(self.solver)
        tags.classifier_tags.poor_score = solver is not None and solver.poor_score
        return tags

    def _logits(self, X):
        # Extreme inputs (|X| near 1e300) can overflow the network. A
        # classifier's scores stay finite so that every prediction and
        # probability is defined: nan (inf - inf) means no preference, and
        # the bound keeps differences of scores finite in the softmax.
        # (scikit-learn's finiteness check sums X, which also overflows.)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = super()._logits(X)
            np.nan_to_num(Z, copy=False, nan=0.0)
        # In float32 (a float32-trained network) the bound must fit too.
        bound = min(_MAX_LOGIT, float(np.finfo(Z.dtype).max) / 4)
        return np.clip(Z, -bound, bound, out=Z)

    def _baseline(self, y, sample_weight):
        """The majority class and its (weighted) training accuracy.

        For multilabel targets, each label's majority value, scored by
        subset accuracy.
        """
        if y.ndim == 2:
            majority = np.average(y, axis=0, weights=sample_weight) > 0.5
            right = (y == majority).all(axis=1)
            return "predicting each label's majority value", float(
                np.average(right, weights=sample_weight)
            )
        counts = np.bincount(y.astype(np.intp), weights=sample_weight)
        return "predicting the majority class", counts.max() / counts.sum()

    def _score_logits(self, Z, y, sample_weight):
        """Accuracy from the logits, against encoded targets.

        For multilabel targets, the subset accuracy: a sample counts as
        right when every label is.
        """
        if y.ndim == 2:
            right = ((Z > 0) == y).all(axis=1)
        else:
            right = (Z[:, 0] > 0 if Z.shape[1] == 1 else Z.argmax(axis=1)) == y
        return np.average(right, weights=sample_weight)

    def _strata(self, targets):
        # Multilabel rows have no single class to stratify by.
        return None if targets.ndim == 2 else targets

    def _check_targets(self, y):
        check_classification_targets(y)
        # A column is one target, as in MLPClassifier (with a warning).
        return column_or_1d(y, warn=True) if y.ndim == 2 and y.shape[1] == 1 else y

    def _encode_targets(self, y, context):
        multilabel = type_of_target(y) == "multilabel-indicator"
        if context.warm and multilabel != self._multilabel:
            raise ValueError(
                "y is multilabel now and was not when the estimator was fitted "
                "(or the reverse); with warm_start or partial_fit, the kind of "
                "target cannot change."
            )
        if multilabel:
            return self._encode_labels(y, context)
        known = self._known_classes(y, context)
        self.classes_, self._multilabel = known, False
        y_idx = np.searchsorted(known, y)
        if len(known) == 2:
            return y_idx.astype(np.float64), 1
        return y_idx, len(known)

    def _known_classes(self, y, context):
        """The classes of this fit; checks ``y`` against a warm start's."""
        present = np.unique(y)
        if context.warm:
            known = self.classes_
            self._check_same_classes(known, present, context)
        elif context.incremental:
            if context.classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            known = np.unique(context.classes)
        else:
            known = present
        if len(known) < 2:
            raise ValueError(
                "The data contains only one class: "
                f"{known[0]!r}. A classifier needs samples of at least 2 classes."
            )
        if len(np.setdiff1d(present, known)):
            # scikit-learn's words
            raise ValueError(
                "`y` has classes not in `self.classes_`. `self.classes_` has "
                f"{known}. 'y' has {present}."
            )
        return known

    @staticmethod
    def _check_same_classes(known, present, context):
        """scikit-learn's rules (and words) for the classes of a later call.

        A warm ``fit`` sees every class of the first; a later
        ``partial_fit`` may be given ``classes`` again, but the same ones
        (its batches need not hold every class).
        """
        if not context.incremental and not np.array_equal(present, known):
            raise ValueError(
                "warm_start can only be used where `y` has the same classes as "
                f"in the previous call to fit. Previously got {known}, `y` has "
                f"{present}"
            )
        given = context.classes
        if context.incremental and given is not None:
            if not np.array_equal(np.unique(given), known):
                raise ValueError(
                    f"`classes={given!r}` is not the same as on last call to "
                    f"partial_fit, was: {known!r}"
                )

    def _encode_labels(self, y, context):
        """Multilabel 0/1 indicator targets: one logistic unit per label."""
        if getattr(self, "class_weight", None) is not None:
            raise ValueError(
                "class_weight is not supported for multilabel y; pass "
                "sample_weight instead."
            )
        targets = np.asarray(y, dtype=np.float64)
        if context.warm and targets.shape[1] != len(self.classes_):
            raise ValueError(
                f"y has {targets.shape[1]} labels but the network was fitted "
                f"with {len(self.classes_)}; with warm_start or partial_fit, "
                "the labels cannot change."
            )
        self.classes_, self._multilabel = np.arange(targets.shape[1]), True
        return targets, targets.shape[1]

    def decision_function(self, X):
        """Logits of the output layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the score of ``classes_[1]`` (positive means
            that class is predicted); otherwise one score per class (per
            label for multilabel targets, positive meaning the label is
            predicted).
        """
        scores = self._logits(X)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Predicted labels, taken from ``classes_``; for multilabel
            targets, a 0/1 indicator of the predicted labels.
        """
        scores = self.decision_function(X)
        if self._multilabel:
            return (scores > 0).astype(self.classes_.dtype)
        indices = (
            (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        )
        return self.classes_[indices]


class BaseHillClimbRegressor(RegressorMixin, BaseHillClimb):
    """Target handling and prediction shared by the regressors.

    One output unit per target column; the objective is looked up in
    :data:`~._objectives.REGRESSION_OBJECTIVES` and says how the outputs
    become predictions (its link), what it scores early stopping by (its
    D^2, R^2 for the squared error) and which targets it accepts.
    """

    _objectives = REGRESSION_OBJECTIVES
    _y_validation = {"multi_output": True, "y_numeric": True}
    _parameter_constraints = {
        **BaseHillClimb._parameter_constraints,
        "objective": [StrOptions(set(REGRESSION_OBJECTIVES))],
    }

    def _encode_targets(self, y, context):
        targets = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        if context.warm and targets.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {targets.shape[1]} columns but the network was fitted "
                f"with {self.n_outputs_} outputs; with warm_start or "
                "partial_fit, the number of targets cannot change."
            )
        self._objective(context.objective).check_targets(targets, context.incremental)
        return targets, targets.shape[1]

    def __sklearn_tags__(self):
        # RegressorMixin makes regressor_tags after BaseHillClimb's turn.
        tags = super().__sklearn_tags__()
        # Random search also misses the R^2 > 0.5 bar of a "reasonable"
        # regressor on scikit-learn's regression data set.
        solver = SOLVERS.get(self.solver)
        tags.regressor_tags.poor_score = solver is not None and solver.poor_score
        tags.target_tags.multi_output = True
        objective = self._objectives.get(self.objective)
        # scikit-learn's checks then draw non-negative targets (Poisson).
        tags.target_tags.positive_only = getattr(
            objective, "non_negative_targets", False
        )
        return tags

    def _baseline(self, y, sample_weight):
        """Predicting the best constant, whose D^2 (R^2) is 0.

        A constant target (one sample, say) has no D^2 to beat
        (scikit-learn's ``r2_score`` gives 0 to any prediction but the
        exact one, and warns on one sample): no baseline, -inf.
        """
        name = f"predicting {self._objective(self.objective).constant_name}"
        if np.all(y == y[:1]):
            return name, -np.inf
        return name, 0.0

    def _score_logits(self, Z, y, sample_weight):
        """D^2 of the objective (R^2 for the squared error), averaged
        uniformly over the targets."""
        return self._objective(self.objective).score(Z, y, sample_weight)

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Run one epoch of the gradient solver on the given data.

        Only available for the gradient solvers (``"sgd-backprop"``,
        ``"adam"``). Successive calls continue from the previous weights
        and the solver's state (momentum, Adam's moments, the learning
        rate).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample; ``None`` weighs all
            samples equally.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(X, y, incremental=True, sample_weight=sample_weight)

    def predict(self, X):
        """Predict with the network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predicted values; one dimension when the network has one
            output, as in :class:`~sklearn.neural_network.MLPRegressor`.
            With ``objective="poisson"``, the exponential of the outputs
            (the predicted means).
        """
        Z = self._logits(X)
        Z = self._objectives[self.objective_].inverse_link(Z)
        return Z[:, 0] if Z.shape[1] == 1 else Z
