"""Perceptron: the network with no hidden layer and a step transfer."""

import numpy as np
from sklearn.utils._param_validation import StrOptions

from ._base import BaseHillClimbClassifier
from ._docs import fill_doc
from ._early_stopping import ValidationMonitor
from ._objectives import OBJECTIVES


@fill_doc(alpha=0.0, learning_rate_init=1.0, momentum=0.0)
class HillClimbPerceptron(BaseHillClimbClassifier):
    """Perceptron trained by a choice of optimizer.

    A single layer of linear units followed by the step transfer: for two
    classes one unit predicts ``classes_[1]`` where ``X @ coef_.T +
    intercept_ > 0``; for more, one unit per class (one-vs-rest) and the
    largest score wins, as in :class:`~sklearn.linear_model.Perceptron`.

    Parameters
    ----------
    {solver}
    objective : {{"auto", "accuracy", "perceptron", "log_loss"}}, default="auto"
        What the solver minimises. ``"auto"`` is ``"accuracy"`` (the error
        rate ``1 - accuracy``, the tutorial's objective) for the
        derivative-free solvers and ``"perceptron"`` for
        ``"sgd-backprop"``. ``"perceptron"`` is Rosenblatt's criterion
        ``max(0, -t z)``: SGD on it is the classic perceptron rule. Its
        minimum at zero weights makes it a poor target for derivative-free
        search. ``"log_loss"`` trains the units as logistic regressions.
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
    {population_size}
    {mutation_rate}

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
    over the batch); ``batch_size=1`` gives Rosenblatt's online rule. From
    zero weights and with ``alpha=0``, ``learning_rate_init`` only scales
    the weights: it does not change the predictions.

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
        max_iter=1000,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.0,
        nesterovs_momentum=True,
        n_iter_no_change="auto",
        step_size=0.1,
        early_stopping=False,
        validation_fraction=0.1,
        class_weight=None,
        callback=None,
        step_adaptation=None,
        n_candidates=1,
        perturb_fraction=1.0,
        restart_patience=None,
        initial_temperature=0.001,
        cooling=0.995,
        max_evals=None,
        max_time=None,
        speculative=True,
        population_size=None,
        mutation_rate=0.2,
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
        self.population_size = population_size
        self.mutation_rate = mutation_rate

    def _objective_name(self, solver_cls):
        if self.objective != "auto":
            return self.objective
        return "perceptron" if solver_cls.uses_gradient else "accuracy"

    def _initial_theta(self, rng, scale):
        # Zero weights, as scikit-learn's linear models start: every score
        # is 0 and every sample is predicted classes_[0]. The perceptron rule
        # from zero is invariant to learning_rate_init (it only scales the
        # weights, not the predictions), and a derivative-free search on the
        # scale-free accuracy starts from a baseline, its first accepted step
        # is a random direction, not a random network of a fixed scale that
        # steps of step_size may be too small to turn on unscaled features.
        return np.zeros(len(scale))

    def _pocket(
        self, solver_cls, objective_name, layout, X, targets, sample_weight, theta0
    ):
        # Gallant's pocket algorithm for the perceptron criterion: its last
        # iterate is no estimate of anything on data that are not linearly
        # separable (each epoch's updates chase the mistakes of the last),
        # and its minimum is the zero vector, so that neither the last
        # iterate nor the tol rule on the criterion tells when to stop.
        # The pocket scores the iterate after every epoch on the training
        # set (weighted accuracy; one forward pass) and keeps the best; the
        # tol rule watches that score.
        if not solver_cls.uses_gradient or objective_name != "perceptron":
            return None
        monitor = ValidationMonitor(
            layout,
            self._activation(),
            X,
            targets,
            sample_weight,
            self._validation_score,
        )
        # The starting weights are in the pocket first (zero weights, or the
        # fitted ones of a warm start): training never ends worse on the
        # training set than it began.
        monitor.offer(theta0)
        return monitor

    def _get_weights(self):
        return [self.coef_.T], [self.intercept_]

    def _set_weights(self, coefs, intercepts):
        self.coef_ = coefs[0].T.copy()
        self.intercept_ = intercepts[0]
