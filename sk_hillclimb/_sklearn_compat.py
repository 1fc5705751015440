"""The private scikit-learn APIs sk_hillclimb uses, imported in one place.

scikit-learn may move or change its private helpers in any release. Every
module of the package imports them from here, so a change is absorbed in
this one file, as imbalanced-learn does with its own ``sklearn_compat``.
``tests/test_packaging.py`` fails when another module imports a private
scikit-learn name directly.

What is used and why:

- ``Interval``, ``Options``, ``StrOptions``, ``validate_params``: the declarative
  parameter constraints that scikit-learn's own estimators use, so that
  bad parameters raise the same ``InvalidParameterError`` as theirs;
- ``InvalidParameterError``: that error, for tests and for callers who
  catch it (it subclasses both ``ValueError`` and ``TypeError``);
- ``_fit_context``: validates the parameters once per ``fit`` and skips
  nested validation, as scikit-learn's estimators do;
- ``_check_sample_weight``: scikit-learn's checks of ``sample_weight``
  (length, finiteness, non-negativity), with their error messages;
- ``CallbackSupportMixin`` (public, but new in scikit-learn 1.9): the
  estimators' ``set_callbacks``. Before 1.9 it is an empty class here, so
  the estimators have no ``set_callbacks`` and every other feature works.

All of them but the last exist, with the signatures used here, in every scikit-learn
the package supports: from the declared minimum (``scikit-learn>=1.6.1`` in
``pyproject.toml``, run by ``make test-oldest``) to the newest (``make
test``). When a release moves or changes one, the guarded import or the
fallback for it goes here, and nowhere else.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
    validate_params,
)
from sklearn.utils.validation import _check_sample_weight

try:  # scikit-learn >= 1.9
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # pragma: no cover - exercised by make test-oldest

    class CallbackSupportMixin:
        """scikit-learn < 1.9 has no callbacks: nothing to add."""


__all__ = [
    "CallbackSupportMixin",
    "InvalidParameterError",
    "Interval",
    "Options",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "validate_params",
]
