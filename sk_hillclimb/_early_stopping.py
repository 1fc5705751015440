"""Best weights on held-out or training data: early stopping and the pocket.

As in :class:`~sklearn.neural_network.MLPClassifier`, ``fit`` with
``early_stopping=True`` sets ``validation_fraction`` of the training data
aside (stratified for classifiers), scores the kept weights on it after
every iteration and ends with the weights that scored best. The same
monitor on the training data is the pocket of
:class:`~sk_hillclimb.HillClimbPerceptron` (see its ``_keeps_pocket``).
"""

import math

import numpy as np
from sklearn.model_selection import train_test_split

from ._network import forward


def split_validation(X, y, sample_weight, fraction, rng, stratify=None):
    """Split the training data into a training part and a validation part.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Encoded targets.
    sample_weight : ndarray of shape (n_samples,) or None
    fraction : float
        Share of the samples in the validation part, in ``(0, 1)``.
    rng : numpy.random.RandomState
        The estimator's random number generator; the split draws from it.
    stratify : ndarray of shape (n_samples,) or None
        Class of each sample, to keep the class proportions in both parts
        where that is possible (every class has two samples, and each part
        has room for every class); otherwise the split is plain, as
        scikit-learn's MLP splits.

    Returns
    -------
    X_train, X_val, y_train, y_val, w_train, w_val
        ``w_train`` and ``w_val`` are None when ``sample_weight`` is.
    """
    check_split_sizes(X.shape[0], fraction)
    arrays = [X, y] if sample_weight is None else [X, y, sample_weight]
    if stratify is not None and not _can_stratify(stratify, fraction):
        stratify = None
    parts = train_test_split(
        *arrays, test_size=fraction, random_state=rng, stratify=stratify
    )
    if sample_weight is None:
        parts += [None, None]
    X_train, X_val, y_train, y_val, w_train, w_val = parts
    for name, w in (("training", w_train), ("validation", w_val)):
        if w is not None and not w.sum() > 0:
            raise ValueError(
                f"The sample weights of the {name} part of the early-stopping "
                "split are all zero; use a different random_state or "
                "validation_fraction."
            )
    return X_train, X_val, y_train, y_val, w_train, w_val


def check_split_sizes(n_samples, fraction):
    """Refuse a split that leaves too few samples on either side.

    The sizes are those of :func:`~sklearn.model_selection.train_test_split`
    (``ceil(fraction * n_samples)`` validation samples, the rest for
    training). Early stopping needs two validation samples (one score says
    nothing about a trend; scikit-learn's MLP asks for two as well) and one
    training sample. Checked before anything is fitted, with a message
    that names the parameters to change.

    Parameters
    ----------
    n_samples : int
        Samples given to ``fit``.
    fraction : float
        ``validation_fraction``, in ``(0, 1)``.

    Raises
    ------
    ValueError
        If the validation part would hold fewer than 2 samples or the
        training part none.
    """
    n_val = math.ceil(fraction * n_samples)
    n_train = n_samples - n_val
    if n_val >= 2 and n_train >= 1:
        return
    if n_samples < 3:
        advice = "Early stopping needs at least 3 samples: set early_stopping=False."
    elif n_val < 2:
        # Any fraction above 1 / n_samples sets 2 samples aside.
        advice = (
            f"Raise validation_fraction to {2 / n_samples:.3g} or set "
            "early_stopping=False."
        )
    else:
        advice = (
            "Lower validation_fraction (0.5 leaves both parts enough samples) "
            "or set early_stopping=False."
        )
    raise ValueError(
        f"The validation set is too small: early_stopping=True with "
        f"validation_fraction={fraction} leaves {n_val} validation and "
        f"{n_train} training samples of {n_samples}; early stopping needs at "
        f"least 2 validation samples and 1 training sample. {advice}"
    )


def _can_stratify(labels, fraction):
    """Whether a stratified split of ``labels`` exists (StratifiedShuffleSplit)."""
    n = len(labels)
    counts = np.unique(labels, return_counts=True)[1]
    n_val = int(np.ceil(fraction * n))
    return counts.min() >= 2 and min(n_val, n - n_val) >= len(counts)


class BestWeightsMonitor:
    """Score parameter vectors on a data set and keep the best.

    Scoring costs one forward pass over the data. The
    derivative-free solvers keep the same weights for many iterations in a
    row, so a vector equal to the last one scored is not scored again: its
    score is simply repeated. The comparison costs ``O(n_params)``, the
    forward pass it saves ``O(n_val * n_params)``.

    Parameters
    ----------
    layout : Layout
    activation : str
    X, y, sample_weight :
        The data scored (a validation set, or the training set), targets
        encoded as for training.
    score : callable
        ``score(logits, y, sample_weight) -> float``, higher is better: the
        estimator's ``score`` (accuracy or R^2) from the output logits.
    scores : list of float, default=None
        Scores recorded by earlier fits (a warm start) to continue.
    label : str, default="Validation score"
        What the score is, for verbose output.
    held_out : bool, default=True
        Whether the data scored were held out of training (early
        stopping) rather than the training data (the pocket). Weights
        validated on held-out data are worth keeping when training
        diverges later.

    Attributes
    ----------
    scores : list of float
        One score per :meth:`update`.
    best_score : float
        Highest score seen (``-inf`` before any).
    """

    def __init__(
        self,
        layout,
        activation,
        X,
        y,
        sample_weight,
        score,
        scores=None,
        label="Validation score",
        held_out=True,
    ):
        self.layout = layout
        self.activation = activation
        self.X = X
        self.y = y
        self.sample_weight = sample_weight
        self.score = score
        self.scores = [] if scores is None else list(scores)
        self.label = label
        self.held_out = held_out
        self.best_score = -np.inf
        self._best_theta = None
        self._last_theta = None
        self._last_score = None

    def _score(self, theta):
        if self._last_theta is None or not np.array_equal(theta, self._last_theta):
            coefs, intercepts = self.layout.unpack(np.asarray(theta)[None])
            Z = forward(coefs, intercepts, self.X, self.activation)[0]
            if np.all(np.isfinite(Z)):
                self._last_score = float(self.score(Z, self.y, self.sample_weight))
            else:  # an overflowing network is the worst possible one
                self._last_score = -np.inf
            self._last_theta = np.array(theta, dtype=np.float64)
        return self._last_score

    def offer(self, theta):
        """Score ``theta`` and keep it if it is the best; return its score."""
        score = self._score(theta)
        # Strictly better only: of equal scores the earliest weights stay.
        if score > self.best_score:
            self.best_score = score
            self._best_theta = self._last_theta
        return score

    def update(self, theta):
        """Like :meth:`offer`, and record the score in :attr:`scores`."""
        score = self.offer(theta)
        self.scores.append(score)
        return score

    def record_undefined(self):
        """Record nan in :attr:`scores`: an iteration whose weights have no
        score (training diverged), as scikit-learn's MLP records it."""
        self.scores.append(float("nan"))

    def best(self, default):
        """The best parameter vector seen, or ``default`` if none scored."""
        return default if self._best_theta is None else self._best_theta
