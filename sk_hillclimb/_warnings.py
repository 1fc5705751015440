"""Warnings that point at the user's code, however deep they are raised."""

import os
import sys
import warnings

import joblib
import sklearn

#: Frames in these folders are ours, scikit-learn's (the ``fit`` wrapper,
#: a pipeline, a grid search) or joblib's (which runs a grid search's
#: fits): a warning is attributed to the first frame outside them.
_LIBRARY_DIRS = tuple(
    os.path.dirname(os.path.abspath(module.__file__)) + os.sep
    for module in (sys.modules[__package__], sklearn, joblib)
)


def warn(message, category=UserWarning):
    """``warnings.warn`` with the stack level of the caller's own code."""
    # stacklevel 2 is our caller, sys._getframe(1).
    frame, level = sys._getframe(1), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _LIBRARY_DIRS
    ):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
