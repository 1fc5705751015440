"""The shared estimator: parameters, validation and the one training loop."""

import math
import time
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    _fit_context,
    is_classifier,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._early_stopping import ValidationMonitor, split_validation
from ._layout import Layout
from ._network import DERIVATIVES, forward, init_scale
from ._objectives import OBJECTIVES, REGRESSION_OBJECTIVES
from ._problem import TrainingProblem
from ._solvers import SOLVERS
from ._speculative import SearchRounds
from ._threads import limit_blas_threads

#: Bound on the scores of the classifiers' predict paths; twice it is
#: still a finite float.
_MAX_LOGIT = 1e300
#: Version of the pickled state; bump it when the fitted attributes change
#: in a way that older states cannot be read as they are.
_STATE_FORMAT = 1


def _uses_gradient(estimator):
    solver = SOLVERS.get(estimator.solver)
    return solver is not None and solver.uses_gradient


class BaseHillClimb(BaseEstimator):
    """Base class of the estimators: everything but the task and the network.

    Subclasses say what the network looks like (:meth:`_hidden_layers`,
    :meth:`_activation`), how targets are encoded (:meth:`_encode_targets`),
    how a validation set is scored (:meth:`_validation_score`) and where the
    fitted weights are stored (:meth:`_get_weights`, :meth:`_set_weights`).
    """

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
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "step_size": [Interval(Real, 0, None, closed="neither")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "callback": [callable, None],
        "step_adaptation": [StrOptions({"one-fifth"}), None],
        "n_candidates": [Interval(Integral, 1, None, closed="left")],
        "perturb_fraction": [Interval(Real, 0, 1, closed="right")],
        "restart_patience": [Interval(Integral, 1, None, closed="left"), None],
        "initial_temperature": [Interval(Real, 0, None, closed="neither")],
        "cooling": [Interval(Real, 0, 1, closed="right")],
        "max_evals": [Interval(Integral, 1, None, closed="left"), None],
        "max_time": [Interval(Real, 0, None, closed="neither"), None],
        "speculative": ["boolean"],
        "population_size": [Interval(Integral, 2, None, closed="left"), None],
        "mutation_rate": [Interval(Real, 0, 1, closed="right")],
    }

    # -- what subclasses define ---------------------------------------------

    def _hidden_layers(self):
        return ()

    def _activation(self):
        return "identity"

    def _objective_name(self, solver_cls):
        return self.objective

    # -- validation -----------------------------------------------------------

    def _check_solver_compatibility(self, solver_cls, objective_name):
        """Checks that involve the solver together with other parameters."""
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
            warnings.warn(
                f"batch_size={self.batch_size} is larger than the number of "
                f"samples ({n_samples}); it is clipped to {n_samples}.",
                UserWarning,
                stacklevel=6,
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
            derivative-free solvers, and for ``"sgd-backprop"`` when one
            batch holds all samples; in expectation with smaller batches).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(X, y, incremental=False, sample_weight=sample_weight)

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Run one epoch of ``"sgd-backprop"`` on the given data.

        Only available when ``solver="sgd-backprop"``. Successive calls
        continue from the previous weights and momentum.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.
        classes : array-like of shape (n_classes,), default=None
            All classes that can appear in ``y``. Required on the first
            call, ignored afterwards (classifiers only).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample; ``None`` weighs all
            samples equally.

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
            vars(self).clear()
            vars(self).update(saved)
            raise

    def _fit(self, X, y, incremental, classes, sample_weight=None):
        start_time = time.perf_counter()
        solver_cls = SOLVERS[self.solver]
        objective_name = self._objective_name(solver_cls)
        self._check_solver_compatibility(solver_cls, objective_name)
        hidden = self._hidden_layers()

        fitted = hasattr(self, "n_iter_")
        warm = fitted and (self.warm_start or incremental)
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True.")
        # CSR: minibatches and loss chunks take rows of X. float32 data is
        # trained in float32, like MLPClassifier does.
        X, y = validate_data(
            self,
            X,
            y,
            reset=not warm,
            dtype=(np.float64, np.float32),
            accept_sparse="csr",
            **self._y_validation,
        )
        targets, n_outputs = self._encode_targets(y, warm, incremental, classes)
        sample_weight = self._sample_weight(X, y, sample_weight, warm, incremental)
        layout = Layout([X.shape[1], *hidden, n_outputs])

        if warm:
            # The generator is kept as its state (arrays and builtins, so
            # that the fitted estimator persists with skops).
            rng = np.random.RandomState()
            rng.set_state(self._rng_state)
        else:
            rng = check_random_state(self.random_state)
        scale = init_scale(layout, self._activation())
        if warm:
            theta0 = layout.pack(*self._get_weights())
            loss_curve = list(self.loss_curve_)
            n_iter, n_evals = self.n_iter_, self.n_evals_
            n_discarded = getattr(self, "n_evals_discarded_", 0)
        else:
            theta0 = self._initial_theta(rng, scale)
            loss_curve, n_iter, n_evals, n_discarded = [], 0, 0, 0
        first_eval = n_evals
        monitor = None
        if self.early_stopping:
            X, targets, sample_weight, monitor = self._validation_monitor(
                X, targets, sample_weight, layout, rng, theta0 if warm else None
            )
        elif not incremental:
            monitor = self._pocket(
                solver_cls, objective_name, layout, X, targets, sample_weight, theta0
            )

        problem = TrainingProblem(
            layout,
            X,
            targets,
            self._objectives[objective_name],
            self._activation(),
            self.alpha,
            sample_weight,
        )
        hyper = {name: getattr(self, name) for name in solver_cls.hyperparameters}
        solver = solver_cls(theta0, rng=rng, init_scale=scale, **hyper)
        if incremental and warm:
            solver.set_state(self._solver_state)
        search_state = getattr(self, "_search_state", None) if warm else None
        if (
            search_state is not None
            and search_state["solver"] == self.solver
            and search_state["n_params"] == layout.n_params
        ):
            # A warm start draws on where the previous fit stopped, so that
            # 10 + 10 iterations are the 20 of one fit.
            solver.set_random_state(search_state["streams"])

        if solver_cls.uses_gradient:
            batch_size = self._batch_size(problem.n_samples)
        else:
            rounds = SearchRounds(solver, problem, self.speculative)
            n_evals += rounds.step()

        patience = self.n_iter_no_change
        if patience == "auto":
            patience = solver.default_n_iter_no_change
        use_tol = self.tol is not None and patience is not None and not incremental
        max_evals = np.inf if self.max_evals is None else self.max_evals
        best_loss, no_improvement = np.inf, 0
        max_iter = 1 if incremental else self.max_iter
        # What ended training when it did not converge (None: max_iter).
        budget = None
        rows = batch_size if solver_cls.uses_gradient else problem.n_samples
        blas = limit_blas_threads(rows, layout.n_params)
        try:
            for i in range(max_iter):
                if solver_cls.uses_gradient:
                    loss = self._epoch(solver, problem, rng, batch_size)
                    n_evals += 1
                else:
                    n_evals += rounds.step(
                        max_rounds=max_iter - i,
                        max_evals=max_evals - (n_evals - first_eval),
                    )
                    loss = solver.loss
                loss_curve.append(loss)
                n_iter += 1
                if self.verbose:
                    print(f"Iteration {n_iter}, loss = {loss:.8f}")
                if not math.isfinite(loss):
                    raise ValueError(
                        f"The training loss became {loss} at iteration {n_iter}: "
                        f"solver={self.solver!r} diverged. Scale the features or "
                        "use a smaller learning_rate_init or step_size."
                    )
                if self._stop_requested(n_iter, loss, n_evals):
                    break
                # With early stopping the tol rule watches the validation score.
                criterion = loss if monitor is None else -monitor.update(solver.result)
                what = "Validation score" if self.early_stopping else "Pocket score"
                if self.verbose and monitor is not None:
                    print(f"{what}: {-criterion:.8f}")
                if use_tol:
                    no_improvement = (
                        no_improvement + 1 if criterion > best_loss - self.tol else 0
                    )
                    if no_improvement > patience:
                        if self.verbose:
                            what = "Training loss" if monitor is None else what
                            print(
                                f"{what} did not improve more than tol={self.tol} "
                                f"for {patience} consecutive iterations. Stopping."
                            )
                        break
                best_loss = min(best_loss, criterion)
                if n_evals - first_eval >= max_evals:
                    budget = f"maximum evaluations ({self.max_evals})"
                    break
                if (
                    self.max_time is not None
                    and time.perf_counter() - start_time >= self.max_time
                ):
                    budget = f"time budget ({self.max_time} s)"
                    break
            else:
                budget = f"maximum iterations ({self.max_iter})"
            if budget is not None:
                if self.verbose and not budget.startswith("maximum iterations"):
                    print(f"{budget[0].upper()}{budget[1:]} reached. Stopping.")
                if use_tol:
                    warnings.warn(
                        f"Solver {self.solver!r}: {budget} reached and the "
                        "optimization hasn't converged yet.",
                        ConvergenceWarning,
                        stacklevel=5,
                    )
        except KeyboardInterrupt:
            if not loss_curve:
                raise  # nothing evaluated yet: nothing to keep
            warnings.warn(
                f"Training interrupted (KeyboardInterrupt) after {n_iter} "
                "iterations; the estimator keeps the best weights found so far.",
                UserWarning,
                stacklevel=5,
            )
        finally:
            blas.restore_original_limits()

        if not solver_cls.uses_gradient:
            rounds.close()
            n_discarded += rounds.n_discarded
        theta = solver.result if monitor is None else monitor.best(solver.result)
        theta = np.array(theta, dtype=X.dtype)
        if not np.all(np.isfinite(theta)):
            raise ValueError(
                f"solver={self.solver!r} produced non-finite weights after "
                f"{n_iter} iterations although the loss stayed finite. Scale "
                "the features or use a smaller learning_rate_init or step_size."
            )
        self._set_weights(*(list(part) for part in layout.unpack(theta)))
        # A pocket (see _pocket) is no validation: those stay None.
        validation = monitor if self.early_stopping else None
        self.validation_scores_ = None if validation is None else validation.scores
        self.best_validation_score_ = (
            None if validation is None else validation.best_score
        )
        self.loss_curve_ = loss_curve
        self.best_loss_ = float(min(loss_curve))
        self.loss_ = float(loss_curve[-1])
        self.n_iter_ = n_iter
        self.n_evals_ = n_evals
        self.n_evals_discarded_ = n_discarded
        self._solver_state = solver.get_state()
        self._search_state = (
            None
            if solver_cls.uses_gradient
            else {
                "solver": self.solver,
                "n_params": layout.n_params,
                "streams": solver.get_random_state(),
            }
        )
        self._rng_state = rng.get_state()
        return self

    def _stop_requested(self, n_iter, loss, n_evals):
        """Whether the user's ``callback`` asks to stop after this iteration."""
        return self.callback is not None and bool(
            self.callback(n_iter, float(loss), n_evals)
        )

    def _sample_weight(self, X, y, sample_weight, warm, incremental):
        """Validated sample weights times the class weights, or None."""
        if sample_weight is not None:
            # Zero weights are allowed, all-zero weights are refused.
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
        return sample_weight

    def _initial_theta(self, rng, scale):
        """Starting weights of a cold start: Glorot-uniform by default."""
        return rng.uniform(-1.0, 1.0, len(scale)) * scale

    def _pocket(
        self, solver_cls, objective_name, layout, X, targets, sample_weight, theta0
    ):
        """A monitor keeping the best weights on the training set, or None.

        Called by ``fit`` without early stopping. A returned monitor acts as
        the validation monitor of early stopping does, on the training data:
        the ``tol`` rule watches its score and the weights that scored best
        are kept. None (the default) keeps the solver's own result.
        """
        return None

    def _validation_monitor(self, X, targets, sample_weight, layout, rng, theta0):
        """Carve the validation set out of the data; see :mod:`._early_stopping`.

        Called once per ``fit`` with ``early_stopping=True``. ``theta0`` is
        the starting point of a warm start (scored as the best so far, so
        that a warm start never ends worse on validation than it began) or
        None.
        """
        stratify = targets if is_classifier(self) else None
        X, X_val, targets, y_val, sample_weight, w_val = split_validation(
            X, targets, sample_weight, self.validation_fraction, rng, stratify
        )
        # A warm start continues the scores of the previous fit, if any.
        scores = (
            getattr(self, "validation_scores_", None) if theta0 is not None else None
        )
        monitor = ValidationMonitor(
            layout,
            self._activation(),
            X_val,
            y_val,
            w_val,
            self._validation_score,
            scores,
        )
        if theta0 is not None:
            monitor.offer(theta0)
        return X, targets, sample_weight, monitor

    def _epoch(self, solver, problem, rng, batch_size):
        """One pass of minibatch ask/tell rounds; returns the mean loss."""
        n = problem.n_samples
        order = rng.permutation(n) if self.shuffle else np.arange(n)
        total = 0.0
        for batch in gen_batches(n, batch_size):
            rows = order[batch]
            candidates = solver.ask()
            loss, grad = problem.loss_and_gradient(candidates[0], rows)
            solver.tell(candidates, np.array([loss]), grad[None])
            total += loss * len(rows)
        return float(total / n)

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
        # Format 0 (0.1.0) kept the generator itself; format 1 its state.
        rng = state.pop("_random_state", None)
        if isinstance(rng, np.random.RandomState):
            state["_rng_state"] = rng.get_state()
        super().__setstate__(state)


class BaseHillClimbClassifier(ClassifierMixin, BaseHillClimb):
    """Label handling and prediction shared by the classifiers.

    One output unit for two classes (its logit is the log-odds of
    ``classes_[1]``), one unit per class otherwise.
    """

    def _sample_weight(self, X, y, sample_weight, warm, incremental):
        """Sample weights times class weights; None when both are absent."""
        sample_weight = super()._sample_weight(X, y, sample_weight, warm, incremental)
        # Only the classifiers that declare ``class_weight`` have it.
        class_weight = getattr(self, "class_weight", None)
        if class_weight is not None:
            y_idx = np.searchsorted(self.classes_, y)
            if class_weight == "balanced":
                if incremental:
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
                )
            class_sw = per_class[y_idx]
            sample_weight = (
                class_sw if sample_weight is None else sample_weight * class_sw
            )
        if sample_weight is not None and not (warm or incremental):
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

    def _validation_score(self, Z, y, sample_weight):
        """Accuracy from the logits, against encoded targets."""
        pred = Z[:, 0] > 0 if Z.shape[1] == 1 else Z.argmax(axis=1)
        return np.average(pred == y, weights=sample_weight)

    def _encode_targets(self, y, warm, incremental, classes):
        check_classification_targets(y)
        if warm:
            known = self.classes_
        elif incremental:
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            known = np.unique(classes)
        else:
            known = np.unique(y)
        if len(known) < 2:
            raise ValueError(
                "The data contains only one class: "
                f"{known[0]!r}. A classifier needs samples of at least 2 classes."
            )
        unseen = np.setdiff1d(np.unique(y), known)
        if len(unseen):
            raise ValueError(
                f"y contains labels {unseen.tolist()} that are not in classes_ "
                f"{known.tolist()}; with warm_start or partial_fit, the classes "
                "cannot change."
            )
        self.classes_ = known
        y_idx = np.searchsorted(known, y)
        if len(known) == 2:
            return y_idx.astype(np.float64), 1
        return y_idx, len(known)

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
            that class is predicted); otherwise one score per class.
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
        y : ndarray of shape (n_samples,)
            Predicted labels, taken from ``classes_``.
        """
        scores = self.decision_function(X)
        indices = (
            (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        )
        return self.classes_[indices]


class BaseHillClimbRegressor(RegressorMixin, BaseHillClimb):
    """Target handling and prediction shared by the regressors.

    One identity output unit per target column; the objective is looked up
    in :data:`~._objectives.REGRESSION_OBJECTIVES`.
    """

    _objectives = REGRESSION_OBJECTIVES
    _y_validation = {"multi_output": True, "y_numeric": True}
    _parameter_constraints = {
        **BaseHillClimb._parameter_constraints,
        "objective": [StrOptions(set(REGRESSION_OBJECTIVES))],
    }

    def _encode_targets(self, y, warm, incremental, classes):
        targets = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        if warm and targets.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {targets.shape[1]} columns but the network was fitted "
                f"with {self.n_outputs_} outputs; with warm_start or "
                "partial_fit, the number of targets cannot change."
            )
        return targets, targets.shape[1]

    def __sklearn_tags__(self):
        # RegressorMixin makes regressor_tags after BaseHillClimb's turn.
        tags = super().__sklearn_tags__()
        # Random search also misses the R^2 > 0.5 bar of a "reasonable"
        # regressor on scikit-learn's regression data set.
        solver = SOLVERS.get(self.solver)
        tags.regressor_tags.poor_score = solver is not None and solver.poor_score
        tags.target_tags.multi_output = True
        return tags

    def _validation_score(self, Z, y, sample_weight):
        """R^2 of the outputs, averaged uniformly over the targets."""
        return r2_score(y, Z, sample_weight=sample_weight)

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Run one epoch of ``"sgd-backprop"`` on the given data.

        Only available when ``solver="sgd-backprop"``. Successive calls
        continue from the previous weights and momentum.

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
        """
        Z = self._logits(X)
        return Z[:, 0] if Z.shape[1] == 1 else Z
