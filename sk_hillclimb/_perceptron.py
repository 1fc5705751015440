"""Perceptron: the network with no hidden layer and a step transfer."""

from sklearn.utils._param_validation import StrOptions

from ._base import BaseHillClimbClassifier
from ._docs import fill_doc
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
    With ``solver="sgd-backprop"`` and the default ``objective``, each
    minibatch moves the weights by ``learning_rate_init`` times the mean of
    ``t * x`` over its misclassified samples (the perceptron rule averaged
    over the batch); ``batch_size=1`` gives Rosenblatt's online rule.

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

    def _objective_name(self, solver_cls):
        if self.objective != "auto":
            return self.objective
        return "perceptron" if solver_cls.uses_gradient else "accuracy"

    def _get_weights(self):
        return [self.coef_.T], [self.intercept_]

    def _set_weights(self, coefs, intercepts):
        self.coef_ = coefs[0].T.copy()
        self.intercept_ = intercepts[0]
