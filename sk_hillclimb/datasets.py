"""Generators for the two-dimensional toy data sets of *Neural Networks
from Scratch in Python* (H. Kinsley and D. Kukieła, 2020, https://nnfs.io).

Both follow scikit-learn's ``make_*`` conventions: ``n_samples`` is the
total number of points, split as evenly as possible between the classes,
every random draw comes from ``random_state`` (never from numpy's global
generator) and the result is ``X, y`` with ``X`` of shape
``(n_samples, 2)`` and integer labels ``y`` in ``range(n_classes)``.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state

from ._sklearn_compat import Interval, StrOptions, validate_params

__all__ = ["make_spiral", "make_vertical"]


def _class_layout(n_samples, n_classes):
    """Where each point sits among the points of its class, vectorized.

    Classes get ``n_samples // n_classes`` points each and the first
    ``n_samples % n_classes`` classes one more. Returns, per point, its
    class ``y``, the index ``start`` of its class's first point, its
    ``position`` within the class and ``span = n_c - 1`` of its class.
    """
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    y = np.repeat(np.arange(n_classes), sizes)
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(n_samples) - start
    span = np.repeat(sizes, sizes) - 1
    return y, start, position, span


def _finish(X, y, shuffle, rng):
    if shuffle:
        order = rng.permutation(len(y))
        X, y = X[order], y[order]
    return X, y


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_classes": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left"), None],
        "variant": [StrOptions({"columns", "bands"})],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_vertical(
    n_samples=300,
    n_classes=3,
    *,
    noise=None,
    variant="columns",
    shuffle=True,
    random_state=None,
):
    """Generate the "vertical data" of *Neural Networks from Scratch*.

    One vertical strip per class. The book's chapter 6, "Introducing
    Optimization" (H. Kinsley and D. Kukieła, `Neural Networks from Scratch
    in Python <https://nnfs.io>`__, 2020), and a Jupyter notebook of that
    chapter by Radhamadhab Dalai define it differently, and both
    definitions are offered:

    - ``variant="columns"`` (the book's ``create_data``):
      class ``c`` is a round Gaussian blob centred at ``(c / 3, 0.5)``,

      .. code-block:: text

          x = c / 3 + noise * randn(),   y = 0.5 + noise * randn(),   noise = 0.1

      The classes are narrow columns side by side, almost separable by
      vertical lines: an easy problem that hill climbing solves.

    - ``variant="bands"`` (the notebook's ``vertical_data``): every class
      spans the same evenly spaced ``x`` in ``[0, 1]`` and is shifted
      upwards by ``0.2 c``,

      .. code-block:: text

          x = linspace(0, 1, n_c),   y = 0.2 c + noise * randn(),   noise = 1.0

      The shift is small next to the noise, so the classes overlap heavily
      and no classifier gets far above chance: a data set for watching a
      loss fall, not for accuracy.

    Parameters
    ----------
    n_samples : int, default=300
        Total number of points, divided as evenly as possible between the
        classes (the book and the notebook use 100 points per class).
    n_classes : int, default=3
        Number of classes, hence of strips.
    noise : float or None, default=None
        Standard deviation of the Gaussian noise: of both coordinates for
        ``"columns"``, of ``y`` only for ``"bands"``. ``None`` uses the
        source's value, 0.1 for ``"columns"`` and 1.0 for ``"bands"``.
    variant : {"columns", "bands"}, default="columns"
        Which definition to use, see above.
    shuffle : bool, default=True
        Whether to shuffle the points. When False they come class by class,
        in the sources' order.
    random_state : int, RandomState instance or None, default=None
        Seeds the noise and the shuffling. Pass an int for reproducible
        output across calls.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points.
    y : ndarray of shape (n_samples,)
        The integer class of each point, in ``range(n_classes)``.

    See Also
    --------
    make_spiral : Interleaved spiral arms, a hard problem.

    Examples
    --------
    >>> from sk_hillclimb.datasets import make_vertical
    >>> X, y = make_vertical(n_samples=300, n_classes=3, random_state=0)
    >>> X.shape, y.shape
    ((300, 2), (300,))
    >>> [round(float(X[y == c, 0].mean()), 1) for c in range(3)]
    [0.0, 0.3, 0.7]
    """
    rng = check_random_state(random_state)
    y, start, position, span = _class_layout(n_samples, n_classes)
    if variant == "columns":
        noise = 0.1 if noise is None else noise
        # The tutorial draws, class by class, n_c values for x and then n_c
        # for y; the same order here gives its data for the same seed.
        draws = rng.standard_normal(2 * n_samples)
        x_index = 2 * start + position
        y_index = x_index + span + 1  # the n_c x-draws come first
        X = np.column_stack(
            [y / 3 + noise * draws[x_index], 0.5 + noise * draws[y_index]]
        )
    else:
        noise = 1.0 if noise is None else noise
        X = np.column_stack(
            [
                position / np.maximum(span, 1),
                0.2 * y + noise * rng.standard_normal(n_samples),
            ]
        )
    return _finish(X, y, shuffle, rng)


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_classes": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_spiral(
    n_samples=300, n_classes=3, *, noise=0.2, shuffle=True, random_state=None
):
    """Generate interleaved spiral arms, one per class.

    The ``spiral_data`` of H. Kinsley and D. Kukieła, `Neural Networks from
    Scratch in Python <https://nnfs.io>`__ (2020), chapter 6: class ``c``
    has ``n_c`` points along an arm that winds out from the origin,

    .. code-block:: text

        r = linspace(0, 1, n_c)
        t = linspace(4 c, 4 (c + 1), n_c) + noise * randn(n_c)
        X = [r * sin(2.5 t), r * cos(2.5 t)]

    The arms interleave, so the classes need a curved decision boundary;
    it is where the book's hill climber stalls.

    Parameters
    ----------
    n_samples : int, default=300
        Total number of points, divided as evenly as possible between the
        classes (the book uses 100 points per class).
    n_classes : int, default=3
        Number of classes, hence of arms.
    noise : float, default=0.2
        Standard deviation of the Gaussian noise added to the angle
        parameter ``t``; 0 gives clean arms.
    shuffle : bool, default=True
        Whether to shuffle the points. When False they come class by class,
        in the book's order.
    random_state : int, RandomState instance or None, default=None
        Seeds the noise and the shuffling. Pass an int for reproducible
        output across calls.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points, inside the unit disc.
    y : ndarray of shape (n_samples,)
        The integer class of each point, in ``range(n_classes)``.

    See Also
    --------
    make_vertical : Strips side by side, an easy problem.

    Examples
    --------
    >>> import numpy as np
    >>> from sk_hillclimb.datasets import make_spiral
    >>> X, y = make_spiral(n_samples=300, n_classes=3, random_state=0)
    >>> X.shape, np.bincount(y).tolist()
    ((300, 2), [100, 100, 100])
    >>> round(float(np.hypot(X[:, 0], X[:, 1]).max()), 12)  # the unit disc
    1.0
    """
    rng = check_random_state(random_state)
    y, _, position, span = _class_layout(n_samples, n_classes)
    r = position / np.maximum(span, 1)  # linspace(0, 1, n_c) in each class
    # one draw of n_c values per class, in class order, as in the tutorial
    t = 4 * (y + r) + noise * rng.standard_normal(n_samples)
    X = np.column_stack([r * np.sin(2.5 * t), r * np.cos(2.5 * t)])
    return _finish(X, y, shuffle, rng)
