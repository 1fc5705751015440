"""Perceptron: the network with no hidden layer and a step transfer."""

import numpy as np
from sklearn.utils.metaestimators import available_if
from sklearn.utils.sparsefuncs import mean_variance_axis

from ._base import BaseHillClimbClassifier, _uses_gradient
from ._docs import fill_doc
from ._objectives import OBJECTIVES
from ._sklearn_compat import StrOptions, _fit_context
from ._solvers import SGDBackprop


@fill_doc(alpha=0.0, learning_rate_init=1.0, momentum=0.0, random_state=0)
class HillClimbPerceptron(BaseHillClimbClassifier):
    """Perceptron trained by a choice of optimizer.

    A single layer of linear units followed by the step transfer: for two
    classes one unit predicts ``classes_[1]`` where ``X @ coef_.T +
    intercept_ > 0``; for more, one unit per class (one-vs-rest) and the
    largest score wins, as in :class:`~sklearn.linear_model.Perceptron`.

    Read more in the :ref:`User Guide <network>`.

    Parameters
    ----------
    {solver}
    objective : {{"auto", "accuracy", "perceptron", "log_loss"}}, default="auto"
        What the solver minimises. ``"auto"`` is ``"log_loss"`` for
        ``"hillclimb"``, ``"anneal"``, ``"genetic"`` and ``"cmaes"``,
        ``"accuracy"`` for ``"random"``
        (which only ranks independent draws) and ``"perceptron"`` for the
        gradient solvers. ``"log_loss"`` trains the units as logistic
        regressions: a smooth target that a local search follows, where
        the flat error rate gives it little to follow (with the defaults,
        95% test accuracy on the digits against 68% on ``"accuracy"``,
        seeds 0-2; ``benchmarks/defaults.py`` and
        ``benchmarks/design_checks.py``).
        ``"accuracy"`` minimises the error rate ``1 - accuracy``, the
        objective of Brownlee's tutorial [2]_. ``"perceptron"`` is
        Rosenblatt's criterion ``max(0, -t z)``: SGD on it is the classic
        perceptron rule. Its minimum at zero weights makes it a poor
        target for derivative-free search.
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
    {early_stopping}
    {validation_fraction}
    {class_weight}
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
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights of the units.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Biases of the units.
    {fit_attributes}

    See Also
    --------
    HillClimbMLPClassifier : The same with hidden layers.
    sklearn.linear_model.Perceptron : The perceptron rule, per sample.

    Notes
    -----
    Training starts from zero weights, as
    :class:`~sklearn.linear_model.Perceptron` does (the hidden layers of
    :class:`HillClimbMLPClassifier` need a random start, a single layer
    does not): every score is then 0 and every sample is predicted
    ``classes_[0]``. The predictions of a linear unit do not depend on the
    scale of its weights, so a Glorot-uniform start would only fix an
    arbitrary scale against which ``step_size`` is small or large; from zero,
    the first step a derivative-free solver accepts sets the direction.
    ``warm_start`` continues from the fitted weights, and the restarts of
    ``restart_patience`` draw random networks as usual.

    With ``solver="sgd-backprop"`` and the default ``objective``, each
    minibatch moves the weights by ``learning_rate_init`` times the mean of
    ``t * x`` over its misclassified samples (the perceptron rule averaged
    over the batch); ``batch_size=1`` gives Rosenblatt's online rule, as
    :class:`~sklearn.linear_model.Perceptron` updates. The ``tol`` rule's
    ``n_iter_no_change="auto"`` is 30 epochs here (10 in the MLPs and with
    ``"adam"``): on small data sets a batch (200 rows under
    ``batch_size="auto"``) holds every sample and makes one update an
    epoch, and the pocket's training accuracy can stay flat for more than
    10 of them before it climbs again (on iris, the defaults benchmark's
    split, seeds 0-2: 0.816 test accuracy after about 20 epochs against
    ``Perceptron()``'s 0.895; 0.947 with 30 epochs of patience;
    ``python benchmarks/defaults.py``). From
    zero weights and with ``alpha=0``, ``learning_rate_init`` only scales
    the weights: it does not change the predictions. ``"adam"`` follows
    the same criterion with steps scaled per weight.

    ``random_state`` defaults to 0, as in
    :class:`~sklearn.linear_model.Perceptron`: two fits with the default
    parameters give the same weights.

    On data that are not linearly separable the perceptron rule never
    settles: each update chases the mistakes of the last, so its last
    iterate can be far worse than an earlier one, and the criterion, 0 at
    zero weights, says nothing about when to stop. ``fit`` therefore runs
    Gallant's pocket algorithm [1]_ when the objective is ``"perceptron"``
    and ``early_stopping=False``: after every epoch the weights are scored
    on the training set (accuracy weighted by ``sample_weight`` and
    ``class_weight``; one forward pass, no loop over samples), the best
    are kept, from the starting weights on, and the ``tol`` rule watches
    that score instead of the criterion. ``loss_curve_`` still records
    the criterion. With ``early_stopping=True`` the validation score plays
    this part; ``partial_fit`` runs the plain rule and keeps its last
    iterate.

    References
    ----------
    .. [1] S. I. Gallant, "Perceptron-based learning algorithms", IEEE
       Transactions on Neural Networks 1(2), 179-191, 1990.
    .. [2] J. Brownlee, `How to Manually Optimize Neural Network Models
       <https://machinelearningmastery.com/manually-optimize-neural-networks/>`__,
       Machine Learning Mastery, 2020.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sk_hillclimb import HillClimbPerceptron
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> clf = HillClimbPerceptron(step_size=0.05, random_state=0, tol=None)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf.coef_.shape
    (1, 20)
    """

    _parameter_constraints = {
        **BaseHillClimbClassifier._parameter_constraints,
        "objective": [StrOptions(set(OBJECTIVES) | {"auto"})],
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        *,
        solver="hillclimb",
        objective="auto",
        alpha=0.0,
        batch_size="auto",
        learning_rate_init=1.0,
        max_iter="auto",
        shuffle=True,
        random_state=0,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.0,
        nesterovs_momentum=True,
        n_iter_no_change="auto",
        step_size="auto",
        step_scale="init",
        early_stopping=False,
        validation_fraction=0.1,
        class_weight=None,
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
        self.solver = solver
        self.objective = objective
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
        self.class_weight = class_weight
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

    @available_if(_uses_gradient)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Run one epoch of the gradient solver on the given data.

        Only available for the gradient solvers (``"sgd-backprop"``,
        ``"adam"``). Successive calls continue from the previous weights
        and the solver's state. The arguments are in the order of
        :meth:`Perceptron.partial_fit
        <sklearn.linear_model.Perceptron.partial_fit>`: ``classes``
        third (:class:`HillClimbMLPClassifier` follows
        :class:`~sklearn.neural_network.MLPClassifier`, where
        ``sample_weight`` comes third).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.
        classes : array-like of shape (n_classes,), default=None
            All classes that can appear in ``y``. Required on the first
            call, optional afterwards, where it must
            name the same classes.
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

    def _objective_name(self, solver_cls):
        if self.objective != "auto":
            return self.objective
        if solver_cls.uses_gradient:
            return "perceptron"
        # A local search follows the slope of a smooth target; random
        # search only ranks independent draws, by what the user scores.
        return "log_loss" if "step_size" in solver_cls.hyperparameters else "accuracy"

    def _initial_theta(self, rng, scale):
        # Zero weights, as scikit-learn's linear models start: every score
        # is 0 and every sample is predicted classes_[0]. The perceptron rule
        # from zero is invariant to learning_rate_init (it only scales the
        # weights, not the predictions), and a derivative-free search on the
        # scale-free accuracy starts from a baseline, its first accepted step
        # is a random direction, not a random network of a fixed scale that
        # steps of step_size may be too small to turn on unscaled features.
        return np.zeros(len(scale))

    def _step_unit(self, scale, problem):
        # From zero weights there is no initial size to be a fraction of:
        # the unit comes from the data. A coefficient's step is divided by
        # its feature's standard deviation and the intercept's is 1, so a
        # step moves every feature's share of the scores alike, whatever
        # the features' scales (unit steps on standardised features).
        X, w = problem.X, problem.sample_weight
        if hasattr(X, "toarray"):
            _, variance = mean_variance_axis(X, axis=0, weights=w)
        else:
            mean = np.average(X, axis=0, weights=w)
            variance = np.average((X - mean) ** 2, axis=0, weights=w)
        std = np.sqrt(np.asarray(variance, dtype=np.float64))
        std[~(std > 0)] = 1.0
        unit = np.ones(problem.layout.n_params)
        (coef,), _ = problem.layout.unpack(unit)
        # A power of two: rounding in the variance (weights or repeated
        # samples, dense or sparse X) does not change the steps.
        coef[...] = np.exp2(np.round(-np.log2(std)))[:, None]
        return unit

    def _auto_patience(self, solver):
        # Full-batch epochs of the perceptron rule: see the Notes.
        if isinstance(solver, SGDBackprop):
            return 30
        return super()._auto_patience(solver)

    def _keeps_pocket(self, context):
        # Gallant's pocket for the perceptron rule: why, in the Notes above.
        return context.solver_cls.uses_gradient and context.objective == "perceptron"

    def _get_weights(self):
        return [self.coef_.T], [self.intercept_]

    def _weight_attributes(self, coefs, intercepts):
        return {"coef_": coefs[0].T.copy(), "intercept_": intercepts[0]}
