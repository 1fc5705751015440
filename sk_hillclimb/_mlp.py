"""Multilayer perceptron classifier."""

import numpy as np
from scipy.special import expit

from ._base import BaseHillClimbClassifier
from ._docs import fill_doc
from ._hidden import MLPMixin
from ._objectives import _log_softmax
from ._sklearn_compat import StrOptions


@fill_doc(alpha=0.0001, learning_rate_init='"auto"', momentum=0.9, random_state=None)
class HillClimbMLPClassifier(MLPMixin, BaseHillClimbClassifier):
    """Multilayer perceptron classifier trained by a choice of optimizer.

    The same network as :class:`~sklearn.neural_network.MLPClassifier` (one
    logistic output unit for two classes, a softmax layer for more), trained
    by derivative-free search or by minibatch gradient descent with
    backpropagation (see ``solver``). The derivative-free solvers can also
    train networks that backpropagation cannot: ``activation="step"``
    hidden units and the piecewise-constant ``objective="accuracy"``.

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
    objective : {{"log_loss", "accuracy", "perceptron"}}, default="log_loss"
        What the solver minimises. ``"log_loss"`` is the cross-entropy of
        the predicted probabilities; ``"accuracy"`` minimises the error
        rate ``1 - accuracy`` (derivative-free solvers only);
        ``"perceptron"`` is the perceptron criterion of each output unit.
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
        Class labels; for multilabel ``y`` (a 2-D 0/1 indicator matrix, as
        :class:`~sklearn.neural_network.MLPClassifier` takes),
        ``np.arange(n_labels)``.
    coefs_ : list of ndarray of shape (n_units_in, n_units_out)
        Weight matrix of each layer.
    intercepts_ : list of ndarray of shape (n_units_out,)
        Bias vector of each layer.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of output units: 1 for two classes, ``n_classes`` otherwise.
    out_activation_ : str
        ``"logistic"`` (two classes, or multilabel: one logistic unit per
        label) or ``"softmax"``.
    {fit_attributes}

    See Also
    --------
    HillClimbPerceptron : The network without hidden layer, with a step
        transfer.
    sklearn.neural_network.MLPClassifier : The same network trained by
        gradient-based solvers only.

    Notes
    -----
    All weights live in one flat vector that the solvers search; the
    derivative-free solvers score every candidate on the whole training set
    in one batched forward pass.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sk_hillclimb import HillClimbMLPClassifier
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> clf = HillClimbMLPClassifier((10,), random_state=0, tol=None)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    # y may be a multilabel indicator matrix, as for MLPClassifier.
    _y_validation = {"multi_output": True}
    _parameter_constraints = {
        **BaseHillClimbClassifier._parameter_constraints,
        **MLPMixin._mlp_parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="hillclimb",
        objective="log_loss",
        alpha=0.0001,
        batch_size="auto",
        learning_rate_init="auto",
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
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
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

    def _out_activation(self, n_outputs):
        return "logistic" if n_outputs == 1 or self._multilabel else "softmax"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def predict_log_proba(self, X):
        """Log of the class probabilities, computed from the logits.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Exact even where the probability underflows to 0. For
            multilabel targets, the log-probability of each label.
        """
        Z = self._logits(X)
        if self._multilabel:
            return -np.logaddexp(0, -Z)
        if Z.shape[1] == 1:
            return -np.logaddexp(0, np.hstack([Z, -Z]))
        return _log_softmax(Z)

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probability of each class in ``classes_``; rows sum to 1. For
            multilabel targets, the probability of each label (independent
            logistic units; rows need not sum to 1).
        """
        Z = self._logits(X)
        if self._multilabel:
            return expit(Z)
        if Z.shape[1] == 1:
            # expit(-Z), not 1 - expit(Z): that rounds to 0 from Z > 37 on,
            # where log(proba) must still equal predict_log_proba.
            return np.hstack([expit(-Z), expit(Z)])
        return np.exp(_log_softmax(Z))
