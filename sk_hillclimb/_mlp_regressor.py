"""Multilayer perceptron regressor."""

import math
from numbers import Real

import numpy as np

from ._base import BaseHillClimbRegressor
from ._docs import fill_doc
from ._hidden import MLPMixin
from ._sklearn_compat import Interval, StrOptions

#: Validation samples that ``early_stopping="auto"`` needs: a 0.1 quantile
#: then has 10 of them below it to be scored on.
AUTO_MIN_VALIDATION = 100


@fill_doc(alpha=0.0001, learning_rate_init=0.001, momentum=0.9, random_state=None)
class HillClimbMLPRegressor(MLPMixin, BaseHillClimbRegressor):
    """Multilayer perceptron regressor trained by a choice of optimizer.

    The same network as :class:`~sklearn.neural_network.MLPRegressor` (one
    output unit per target, squared error or Poisson deviance), trained by
    derivative-free search or by minibatch gradient descent with
    backpropagation (see ``solver``), and also on the absolute error or
    the pinball loss of a quantile, which scikit-learn's MLP does not
    offer. Several target columns are fitted by one network.

    Read more in the :ref:`User Guide <network>`.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        Number of units in each hidden layer; ``()`` gives no hidden layer
        (a linear model).
    activation : {{"identity", "logistic", "tanh", "relu", "step"}}, \
default="relu"
        Activation of the hidden units. ``"step"`` is 1 for a non-negative
        input and 0 otherwise; it has no gradient, so only the
        derivative-free solvers (not ``"sgd-backprop"`` or ``"adam"``) can
        train it.
    {solver}
    objective : {{"squared_error", "poisson", "absolute_error", \
"quantile"}}, default="squared_error"
        What the solver minimises, averaged (weighted) over the samples;
        the names and losses are those of scikit-learn's ``loss``
        parameter (``MLPRegressor(loss="poisson")`` is
        ``objective="poisson"`` here):

        - ``"squared_error"``: ``0.5 * (prediction - y) ** 2``, averaged
          over the targets, the loss of
          :class:`~sklearn.neural_network.MLPRegressor`; predicts the
          conditional mean.
        - ``"poisson"``: half the Poisson deviance ``y log(y / mu) - y +
          mu``, summed over the targets, with a log link: the network's
          output is ``log(mu)`` and ``predict`` returns ``mu = exp(output)``
          (``out_activation_ = "exp"``), as ``MLPRegressor(loss="poisson")``.
          For counts and other non-negative targets; ``y`` must be ``>= 0``
          with ``sum(y) > 0``.
        - ``"absolute_error"``: ``|prediction - y|``, averaged over the
          targets; predicts the conditional median, robust to outlying
          targets.
        - ``"quantile"``: the pinball loss of ``quantile`` (see
          :func:`~sklearn.metrics.mean_pinball_loss`), averaged over the
          targets; predicts the conditional ``quantile``, for prediction
          intervals.

        Every solver trains every objective; the gradient solvers follow
        the subgradient of the absolute error and the pinball loss (0 at
        their kinks).
    quantile : float in (0, 1), default=0.5
        The quantile that ``objective="quantile"`` predicts, as in
        :class:`~sklearn.ensemble.HistGradientBoostingRegressor`; 0.5 is
        the median. Ignored by the other objectives.
    {alpha}
    {batch_size}
    {learning_rate_init}
    {max_iter}
    {shuffle}
    {random_state}
    {tol}
    {verbose}
    {warm_start}
    {momentum}
    {nesterovs_momentum}
    {n_iter_no_change}
    {step_size}
    {step_scale}
    early_stopping : bool or "auto", default="auto"
        Whether to set ``validation_fraction`` of the training data aside
        (drawn with ``random_state``), score the kept weights on it after
        every iteration by the objective's D^2 (R^2 for the squared error)
        and end with the weights that scored best. The ``tol`` /
        ``n_iter_no_change`` rule then watches this validation score
        instead of the training loss. "auto" is True for
        ``objective="quantile"`` trained by a gradient solver when the
        validation set holds at least 100 samples
        (``ceil(validation_fraction * n_samples) >= 100``), False otherwise:
        the other objectives stop as
        :class:`~sklearn.neural_network.MLPRegressor` does by default (see
        Notes). A derivative-free solver's weights are only re-scored when
        they changed; these passes over the validation set are not counted
        in ``n_evals_``. If a gradient solver's training loss becomes inf or
        nan, training stops with a
        :class:`~sklearn.exceptions.ConvergenceWarning` and keeps the
        weights that scored best; without early stopping, or before any
        weights were validated, it is an error. ``partial_fit`` does not
        support ``early_stopping=True`` and takes "auto" as False.
    {validation_fraction}
    {callback}
    {step_adaptation}
    {n_candidates}
    {perturb_fraction}
    {restart_patience}
    {initial_temperature}
    {cooling}
    {max_evals}
    {max_time}
    {speculative}
    {learning_rate}
    {power_t}
    {beta_1}
    {beta_2}
    {epsilon}
    {population_size}
    {mutation_rate}
    {n_jobs}

    Attributes
    ----------
    coefs_ : list of ndarray of shape (n_units_in, n_units_out)
        Weight matrix of each layer.
    intercepts_ : list of ndarray of shape (n_units_out,)
        Bias vector of each layer.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of outputs: the number of target columns.
    out_activation_ : str
        ``"exp"`` with ``objective="poisson"`` (the inverse of its log
        link), ``"identity"`` otherwise, as in
        :class:`~sklearn.neural_network.MLPRegressor`.
    {fit_attributes}

    See Also
    --------
    HillClimbMLPClassifier : The classifier with the same network.
    sklearn.neural_network.MLPRegressor : The same network trained by
        gradient-based solvers only.

    Notes
    -----
    The derivative-free solvers score every candidate on the whole
    training set; their loss curve is that of the kept weights, so it
    never increases. They start with the output intercepts at the
    targets' (weighted) mean and the output layer's initialisation, steps
    and random draws scaled by their standard deviation (rounded to a
    power of two): the search on ``y`` is that on standardised targets
    (see the user guide's "Defaults"). For the absolute error and the
    pinball loss, the median or the quantile and the interquartile range
    over 1.349 take their place (heavy tails do not inflate the steps);
    for Poisson, the log of the mean and steps of 1 in log units. The
    gradient solvers start as
    :class:`~sklearn.neural_network.MLPRegressor` does on its losses (the
    squared error and Poisson), and on the absolute error and the pinball
    loss at the median or quantile with the output layer scaled as above:
    from zero, Adam's steps of ``learning_rate_init`` first carry the
    outputs to the targets' level (30 epochs gave a 0.1-0.9 interval that
    covered 0.36-0.48 of new data on targets of 14 +- 5, from the
    quantiles 0.78-0.79; user guide, "Regression losses").

    A gradient solver's training pinball loss goes on falling long after
    the loss on new data is lowest, and the interval between two quantiles
    narrows on new data meanwhile: with ``early_stopping=False``, Adam's
    0.1-0.9 interval covered 0.60-0.63 of new data where early stopping
    kept 0.73-0.76, at about the same pinball loss (user guide). Hence
    ``early_stopping="auto"``, on for the quantile objective with a
    gradient solver and enough data. ``score`` is the
    coefficient of determination R^2 whatever the objective, as in
    scikit-learn; early stopping scores the validation set by the D^2 of
    the objective instead (the share of the best constant's loss the
    network removes, see :func:`~sklearn.metrics.d2_pinball_score`), which
    for the squared error is R^2: R^2 would keep the weights nearest the
    mean, not those of the best quantile.
    Scaling the targets (e.g. with
    :class:`~sklearn.compose.TransformedTargetRegressor`) helps the
    gradient solvers: ``learning_rate_init`` is absolute, and the gradient
    of the squared error grows with the targets' scale, where the
    classifiers' log-loss has a gradient of at most 1 a sample. That is
    why ``learning_rate_init`` defaults to scikit-learn's 0.001 here and
    not to ``"auto"`` (0.01 for ``"sgd-backprop"``, which diverged on
    :func:`~sklearn.datasets.load_diabetes`).

    Examples
    --------
    >>> from sklearn.datasets import make_regression
    >>> from sk_hillclimb import HillClimbMLPRegressor
    >>> X, y = make_regression(n_samples=200, n_features=4, noise=1.0,
    ...                        random_state=0)
    >>> reg = HillClimbMLPRegressor((10,), solver="sgd-backprop",
    ...                             learning_rate_init=0.01, random_state=0)
    >>> reg.fit(X, y / y.std()).score(X, y / y.std()) > 0.9
    True
    >>> reg.predict(X[:3]).shape
    (3,)

    The 0.9 quantile: about nine in ten targets lie below it.

    >>> high = HillClimbMLPRegressor((10,), objective="quantile", quantile=0.9,
    ...                              random_state=0).fit(X, y)
    >>> round(float((y <= high.predict(X)).mean()), 2)
    0.91
    """

    _parameter_constraints = {
        **BaseHillClimbRegressor._parameter_constraints,
        **MLPMixin._mlp_parameter_constraints,
        "quantile": [Interval(Real, 0, 1, closed="neither")],
        "early_stopping": ["boolean", StrOptions({"auto"})],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="hillclimb",
        objective="squared_error",
        quantile=0.5,
        alpha=0.0001,
        batch_size="auto",
        learning_rate_init=0.001,
        max_iter="auto",
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        n_iter_no_change="auto",
        step_size="auto",
        step_scale="init",
        early_stopping="auto",
        validation_fraction=0.1,
        callback=None,
        step_adaptation="one-fifth",
        n_candidates=1,
        perturb_fraction=1.0,
        restart_patience=200,
        initial_temperature="auto",
        cooling="auto",
        max_evals=None,
        max_time=None,
        speculative=True,
        learning_rate="constant",
        power_t=0.5,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        population_size=None,
        mutation_rate=0.2,
        n_jobs=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.objective = objective
        self.quantile = quantile
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.n_iter_no_change = n_iter_no_change
        self.step_size = step_size
        self.step_scale = step_scale
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.callback = callback
        self.step_adaptation = step_adaptation
        self.n_candidates = n_candidates
        self.perturb_fraction = perturb_fraction
        self.restart_patience = restart_patience
        self.initial_temperature = initial_temperature
        self.cooling = cooling
        self.max_evals = max_evals
        self.max_time = max_time
        self.speculative = speculative
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.population_size = population_size
        self.mutation_rate = mutation_rate
        self.n_jobs = n_jobs

    def _out_activation(self, n_outputs):
        return self._objectives[self.objective].out_activation

    def _auto_early_stopping(self, context, n_samples):
        # A gradient solver's training pinball loss goes on falling for
        # hundreds of epochs after the held-out one is lowest (100-200 epochs
        # of Adam in the quantile panel of benchmarks/regression_losses.py),
        # and the interval narrows on new data as it does. The other losses
        # keep MLPRegressor's default (no early stopping); the
        # derivative-free solvers' budgets end before they over-fit so.
        objective = self._objective(context.objective)
        n_validation = math.ceil(self.validation_fraction * n_samples)
        return (
            context.solver_cls.uses_gradient
            and objective.early_stopping_by_default
            and n_validation >= AUTO_MIN_VALIDATION
        )

    def _init_distribution(self, context, layout, targets, sample_weight):
        # The derivative-free solvers search in the targets' units: the
        # output layer starts, draws and steps as if the targets were
        # standardised and its outputs mapped back, best constant + spread
        # * output (mean and std for the squared error; in log units for
        # Poisson). Around zero, a network predicts ~0 for targets of 150
        # +- 77 (the diabetes data) and random search never came near the
        # mean.
        center, scale = super()._init_distribution(
            context, layout, targets, sample_weight
        )
        objective = self._objective(context.objective)
        if context.solver_cls.uses_gradient and objective.in_mlp_regressor:
            # MLPRegressor's start, which the gradient solvers reproduce. On
            # the other losses they start at the constant too: from zero,
            # Adam's absolute steps spend the first epochs carrying the
            # outputs to the targets (the quantile panel of
            # benchmarks/regression_losses.py).
            return center, scale
        mean = objective.constant(targets, sample_weight)
        std = objective.spread(targets, sample_weight)
        ok = np.isfinite(std) & (std > 0) & np.isfinite(mean)
        # Powers of two and a constant rounded to 1/256 of them: weights and
        # repeated samples, whose sums round differently, start alike.
        unit = np.where(ok, np.exp2(np.round(np.log2(np.where(ok, std, 1.0)))), 1.0)
        offset = np.where(ok, np.round(mean / unit * 256) * unit / 256, 0.0)
        (*_, coef), (*_, intercept) = layout.unpack(scale)
        coef *= unit
        intercept *= unit
        _, (*_, out) = layout.unpack(center)
        out[...] = offset
        return center, scale
