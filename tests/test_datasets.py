"""The tutorials' toy data sets: same numbers as the tutorials' own code."""

import numpy as np
import pytest

from sk_hillclimb import HillClimbMLPClassifier
from sk_hillclimb._sklearn_compat import InvalidParameterError
from sk_hillclimb.datasets import make_spiral, make_vertical

# -- the tutorials' generators, with their np.random calls on a RandomState --


def tutorial_001_create_data(points, classes, rng):
    X = np.zeros((points * classes, 2))
    y = np.zeros(points * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(points * class_number, points * (class_number + 1))
        X[ix] = np.c_[
            rng.randn(points) * 0.1 + (class_number) / 3,
            rng.randn(points) * 0.1 + 0.5,
        ]
        y[ix] = class_number
    return X, y


def tutorial_003_vertical_data(samples, classes, rng):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        X[ix] = np.c_[
            np.linspace(0, 1, samples), rng.randn(samples) + class_number * 0.2
        ]
        y[ix] = class_number
    return X, y


def nnfs_spiral_data(points, classes, rng):
    X = np.zeros((points * classes, 2))
    y = np.zeros(points * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(points * class_number, points * (class_number + 1))
        r = np.linspace(0.0, 1, points)
        t = (
            np.linspace(class_number * 4, (class_number + 1) * 4, points)
            + rng.randn(points) * 0.2
        )
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda rs: make_vertical(300, 3, shuffle=False, random_state=rs),
         lambda rs: tutorial_001_create_data(100, 3, rs)),
        (lambda rs: make_vertical(
            300, 3, variant="bands", shuffle=False, random_state=rs),
         lambda rs: tutorial_003_vertical_data(100, 3, rs)),
        (lambda rs: make_spiral(300, 3, shuffle=False, random_state=rs),
         lambda rs: nnfs_spiral_data(100, 3, rs)),
    ],
    ids=["vertical-columns-001", "vertical-bands-003", "spiral-003"],
)  # fmt: skip
@pytest.mark.parametrize("seed", [0, 42])
def test_same_data_as_the_tutorials_code(ours, theirs, seed):
    X, y = ours(np.random.RandomState(seed))
    X_ref, y_ref = theirs(np.random.RandomState(seed))
    np.testing.assert_allclose(X, X_ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == np.float64 and y.dtype.kind == "i"


@pytest.mark.parametrize("make", [make_vertical, make_spiral])
def test_shapes_uneven_classes_and_shuffle(make):
    X, y = make(n_samples=301, n_classes=4, random_state=0)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert np.bincount(y).tolist() == [76, 75, 75, 75]
    Xs, ys = make(n_samples=301, n_classes=4, shuffle=False, random_state=0)
    assert np.all(np.diff(ys) >= 0)
    assert not np.all(np.diff(y) >= 0)
    # shuffling only reorders: the sorted points are the same
    np.testing.assert_allclose(np.sort(X, axis=0), np.sort(Xs, axis=0))


@pytest.mark.parametrize("make", [make_vertical, make_spiral])
def test_random_state_is_used_and_global_rng_untouched(make):
    np.random.seed(123)  # noqa: NPY002 (the global RNG must stay untouched)
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    a = make(random_state=5)
    b = make(random_state=5)
    c = make(random_state=6)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_noise_scales_the_spread():
    X0, y0 = make_spiral(n_samples=200, noise=0.0, shuffle=False, random_state=0)
    X1, _ = make_spiral(n_samples=200, noise=0.5, shuffle=False, random_state=0)
    # noise only moves points along their circle: radii are unchanged
    np.testing.assert_allclose(np.hypot(*X0.T), np.hypot(*X1.T))
    assert np.abs(X0 - X1).max() > 0.1
    Xc, yc = make_vertical(n_samples=3000, noise=0.05, random_state=0)
    for c in range(3):
        np.testing.assert_allclose(Xc[yc == c].std(axis=0), 0.05, rtol=0.1)
    Xb, yb = make_vertical(n_samples=3000, variant="bands", random_state=0)
    assert Xb[:, 1].std() == pytest.approx(1.0, rel=0.1)
    assert Xb[:, 0].min() == 0.0 and Xb[:, 0].max() == 1.0


def test_variants_differ_in_difficulty():
    # columns: nearly separable; bands: heavy overlap, close to chance.
    clf = HillClimbMLPClassifier(
        (8,), "tanh", solver="sgd-backprop", learning_rate_init=0.1,
        max_iter=300, tol=None, random_state=0,
    )  # fmt: skip
    X, y = make_vertical(random_state=0)
    assert clf.fit(X, y).score(X, y) >= 0.9
    X, y = make_vertical(variant="bands", random_state=0)
    assert clf.fit(X, y).score(X, y) < 0.6


def test_single_point_classes():
    X, y = make_spiral(n_samples=2, n_classes=2, shuffle=False, random_state=0)
    np.testing.assert_array_equal(X, np.zeros((2, 2)))
    X, y = make_vertical(n_samples=2, n_classes=2, variant="bands", random_state=0)
    np.testing.assert_array_equal(np.sort(X[:, 0]), [0.0, 0.0])


@pytest.mark.parametrize(
    "make, params, match",
    [
        (make_vertical, {"n_samples": 0}, "n_samples"),
        (make_vertical, {"variant": "rows"}, "variant"),
        (make_vertical, {"noise": -1.0}, "noise"),
        (make_spiral, {"n_classes": 0}, "n_classes"),
        (make_spiral, {"noise": None}, "noise"),
    ],
)
def test_bad_parameters_are_named(make, params, match):
    with pytest.raises(InvalidParameterError, match=match):
        make(**params)
