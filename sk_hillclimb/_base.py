"""The shared estimator: parameters, validation and the one training loop."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._layout import Layout
from ._network import DERIVATIVES, forward, init_scale
from ._objectives import OBJECTIVES
from ._problem import TrainingProblem
from ._solvers import SOLVERS

#: Bound on the scores of predict paths; twice it is still a finite float.
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
    :meth:`_activation`), how targets are encoded (:meth:`_encode_targets`)
    and where the fitted weights are stored (:meth:`_get_weights`,
    :meth:`_set_weights`).
    """

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
        "callback": [callable, None],
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
        if self._activation() not in DERIVATIVES:
            raise ValueError(
                f"activation={self._activation()!r} has no gradient, so "
                f"solver={self.solver!r} cannot train it. Use a derivative-free "
                "solver ('hillclimb' or 'random') or one of the activations "
                f"{sorted(DERIVATIVES)}."
            )
        if not OBJECTIVES[objective_name].differentiable:
            smooth = sorted(k for k, v in OBJECTIVES.items() if v.differentiable)
            raise ValueError(
                f"objective={objective_name!r} is piecewise constant and has no "
                f"gradient, so solver={self.solver!r} cannot minimise it. Use a "
                "derivative-free solver ('hillclimb' or 'random') or one of the "
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
        # Random search is the tutorials' negative example: it does not
        # reach scikit-learn's accuracy bar for a "reasonable" classifier,
        # and saying so is what this tag is for.
        if tags.classifier_tags is not None:
            tags.classifier_tags.poor_score = self.solver == "random"
        # Only products X @ W and X.T @ delta touch X: sparse X stays sparse.
        tags.input_tags.sparse = True
        return tags

    # -- fitting --------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(X, y, incremental=False)

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
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

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_atomic(X, y, incremental=True, classes=classes)

    def _fit_atomic(self, X, y, incremental, classes=None):
        # Either the whole fit succeeds or the estimator is left exactly as
        # it was: never half-fitted after an error.
        saved = dict(vars(self))
        try:
            # A diverging candidate overflows; its loss is then inf or nan,
            # which the solvers reject and the loop reports, so numpy's
            # warnings would only be noise.
            with np.errstate(over="ignore", invalid="ignore"):
                return self._fit(X, y, incremental, classes)
        except BaseException:
            vars(self).clear()
            vars(self).update(saved)
            raise

    def _fit(self, X, y, incremental, classes):
        solver_cls = SOLVERS[self.solver]
        objective_name = self._objective_name(solver_cls)
        self._check_solver_compatibility(solver_cls, objective_name)
        hidden = self._hidden_layers()

        fitted = hasattr(self, "n_iter_")
        warm = fitted and (self.warm_start or incremental)
        # CSR: minibatches and loss chunks take rows of X.
        X, y = validate_data(
            self, X, y, reset=not warm, dtype=np.float64, accept_sparse="csr"
        )
        targets, n_outputs = self._encode_targets(y, warm, incremental, classes)
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
        else:
            theta0 = rng.uniform(-1.0, 1.0, layout.n_params) * scale
            loss_curve, n_iter, n_evals = [], 0, 0

        problem = TrainingProblem(
            layout,
            X,
            targets,
            OBJECTIVES[objective_name],
            self._activation(),
            self.alpha,
        )
        hyper = {name: getattr(self, name) for name in solver_cls.hyperparameters}
        solver = solver_cls(theta0, rng=rng, init_scale=scale, **hyper)
        if incremental and warm:
            solver.set_state(self._solver_state)

        if solver_cls.uses_gradient:
            batch_size = self._batch_size(problem.n_samples)
        else:
            n_evals += self._search_step(solver, problem)

        patience = self.n_iter_no_change
        if patience == "auto":
            patience = solver_cls.default_n_iter_no_change
        use_tol = self.tol is not None and patience is not None and not incremental
        best_loss, no_improvement = np.inf, 0
        max_iter = 1 if incremental else self.max_iter
        try:
            for _ in range(max_iter):
                if solver_cls.uses_gradient:
                    loss = self._epoch(solver, problem, rng, batch_size)
                    n_evals += 1
                else:
                    n_evals += self._search_step(solver, problem)
                    loss = solver.loss
                loss_curve.append(loss)
                n_iter += 1
                if self.verbose:
                    print(f"Iteration {n_iter}, loss = {loss:.8f}")
                if not np.isfinite(loss):
                    raise ValueError(
                        f"The training loss became {loss} at iteration {n_iter}: "
                        f"solver={self.solver!r} diverged. Scale the features or "
                        "use a smaller learning_rate_init or step_size."
                    )
                if self._stop_requested(n_iter, loss, n_evals):
                    break
                if use_tol:
                    no_improvement = (
                        no_improvement + 1 if loss > best_loss - self.tol else 0
                    )
                    if no_improvement > patience:
                        if self.verbose:
                            print(
                                "Training loss did not improve more than "
                                f"tol={self.tol} for {patience} consecutive "
                                "iterations. Stopping."
                            )
                        break
                best_loss = min(best_loss, loss)
            else:
                if use_tol:
                    warnings.warn(
                        f"Solver {self.solver!r}: maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet.",
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

        theta = np.array(solver.result, dtype=np.float64)
        if not np.all(np.isfinite(theta)):
            raise ValueError(
                f"solver={self.solver!r} produced non-finite weights after "
                f"{n_iter} iterations although the loss stayed finite. Scale "
                "the features or use a smaller learning_rate_init or step_size."
            )
        self._set_weights(*(list(part) for part in layout.unpack(theta)))
        self.loss_curve_ = loss_curve
        self.best_loss_ = float(min(loss_curve))
        self.loss_ = float(loss_curve[-1])
        self.n_iter_ = n_iter
        self.n_evals_ = n_evals
        self._solver_state = solver.get_state()
        self._rng_state = rng.get_state()
        return self

    def _stop_requested(self, n_iter, loss, n_evals):
        """Whether the user's ``callback`` asks to stop after this iteration."""
        return self.callback is not None and bool(
            self.callback(n_iter, float(loss), n_evals)
        )

    @staticmethod
    def _search_step(solver, problem):
        """One ask/evaluate/tell round; returns the number of evaluations."""
        candidates = solver.ask()
        solver.tell(candidates, problem.losses(candidates))
        return len(candidates)

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
        coefs, intercepts = self._get_weights()
        # Extreme inputs (|X| near 1e300) can overflow the network. Scores
        # stay finite so that every prediction and probability is defined:
        # nan (inf - inf) means no preference, and the bound keeps
        # differences of scores finite in the softmax. (scikit-learn's
        # finiteness check sums X, which also overflows to inf - inf.)
        with np.errstate(over="ignore", invalid="ignore"):
            X = validate_data(
                self, X, reset=False, dtype=np.float64, accept_sparse=("csr", "csc")
            )
            Z = forward(
                [W[None] for W in coefs],
                [b[None] for b in intercepts],
                X,
                self._activation(),
            )[0]
            np.nan_to_num(Z, copy=False, nan=0.0)
        return np.clip(Z, -_MAX_LOGIT, _MAX_LOGIT, out=Z)

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
