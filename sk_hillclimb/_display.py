"""``TrainingCurveDisplay``: a fit's training curves, drawn with matplotlib."""

from collections.abc import Mapping

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._sklearn_compat import InvalidParameterError

#: ``x`` of ``from_estimator`` -> (fitted attribute, or None for the
#: iteration numbers; x-axis label).
_X_CHOICES = {
    "iterations": (None, "Iterations"),
    "evaluations": ("n_evals_curve_", "Objective evaluations"),
    "seconds": ("time_curve_", "Seconds since the start of training"),
}
_KINDS = ("current", "best", "both")


def _check_matplotlib_support(caller_name):
    """Raise scikit-learn's ImportError, naming the caller, without matplotlib.

    The same check and message as scikit-learn's ``check_matplotlib_support``,
    which is not public API (``sklearn.utils._optional_dependencies``).
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"{caller_name} requires matplotlib. You can install matplotlib with "
            "`pip install matplotlib`"
        ) from exc


def _check_option(param, value, allowed, caller):
    """Raise scikit-learn's InvalidParameterError unless ``value`` is allowed."""
    if not isinstance(value, str) or value not in allowed:
        choices = ", ".join(repr(choice) for choice in allowed)
        raise InvalidParameterError(
            f"The {param!r} parameter of {caller} must be a str among "
            f"{{{choices}}}. Got {value!r} instead."
        )


def _line_kwargs(defaults, user_kwargs):
    """``defaults`` updated by the user's keywords, matplotlib aliases resolved.

    Resolving the aliases first lets ``{"ls": ":"}`` replace a default
    ``linestyle`` instead of making matplotlib refuse both.
    """
    from matplotlib.cbook import normalize_kwargs
    from matplotlib.lines import Line2D

    return {
        **normalize_kwargs(defaults, Line2D),
        **normalize_kwargs(user_kwargs or {}, Line2D),
    }


class TrainingCurveDisplay:
    """Training curves of a fit: the loss per iteration and the best so far.

    It is recommended to use :meth:`from_estimator` (one fitted estimator)
    or :meth:`from_estimators` (several, on one axes) to create a
    display. All parameters are stored as attributes.

    The constructor takes any curve, not only a fitted estimator's: pass a
    monitored score (a test accuracy per epoch, say) as ``loss`` with its
    own ``y_label``; nothing else changes, and the best-so-far line is
    only drawn when ``best_loss`` is given (see the Examples).

    Read more in the :ref:`User Guide <training_curve_display>`.

    Parameters
    ----------
    x : array-like of shape (n_iterations,)
        The x-axis position of each iteration: iteration numbers, cumulative
        objective evaluations or seconds.
    loss : array-like of shape (n_iterations,)
        The value at each iteration of the point the solver holds (an
        estimator's ``loss_curve_``), drawn as a solid line; or any other
        per-iteration value, such as a monitored score.
    best_loss : array-like of shape (n_iterations,), default=None
        The best loss so far at each iteration (an estimator's
        ``best_loss_curve_``), drawn as a dashed line. With None, only
        ``loss`` can be drawn.
    restarts : array-like of int, default=None
        Indices into ``loss`` of the iterations that began a new run (an
        estimator's ``restarts_``), each marked by a vertical dotted line at
        its ``x``. None or empty: no marks.
    x_label : str or None, default="Iterations"
        Label of the x axis; None leaves the axes' label as it is.
    y_label : str or None, default="Training loss"
        Label of the y axis; None leaves the axes' label as it is.
    name : str, default=None
        Legend label of the curves: ``name`` for ``loss`` and
        ``"<name> (best)"`` for ``best_loss``. With None (and no name
        passed to :meth:`plot`) the lines have no label and no legend is
        drawn.

    Attributes
    ----------
    line_ : matplotlib Line2D or None
        The ``loss`` line; None when it is not drawn (``kind="best"``).
    best_line_ : matplotlib Line2D or None
        The ``best_loss`` line; None when it is not drawn: ``kind="current"``,
        no ``best_loss``, or ``kind="both"`` with ``best_loss`` equal to
        ``loss``.
    restart_lines_ : list of matplotlib Line2D
        One vertical line per restart; empty when there are none.
    ax_ : matplotlib Axes
        Axes with the curves.
    figure_ : matplotlib Figure
        Figure containing the axes.

    See Also
    --------
    sklearn.model_selection.LearningCurveDisplay : Scores against the
        number of training samples.

    Examples
    --------
    The Agg backend draws without opening a window; leave that line out to
    see the figures.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import make_classification
    >>> from sk_hillclimb import HillClimbMLPClassifier, TrainingCurveDisplay
    >>> X, y = make_classification(random_state=0)
    >>> clf = HillClimbMLPClassifier(max_iter=50, random_state=0).fit(X, y)
    >>> disp = TrainingCurveDisplay.from_estimator(
    ...     clf, x="evaluations")
    >>> disp.line_.get_label()
    'hillclimb'

    Several solvers on one axes, current and best-so-far losses against the
    objective evaluations:

    >>> fits = {
    ...     solver: HillClimbMLPClassifier(
    ...         solver=solver, max_iter=50, random_state=0
    ...     ).fit(X, y)
    ...     for solver in ["hillclimb", "anneal", "genetic"]
    ... }
    >>> displays = TrainingCurveDisplay.from_estimators(
    ...     fits, x="evaluations")
    >>> displays[0].ax_.set_xscale("log")

    A monitored score instead of the loss: the test accuracy after each
    epoch of ``partial_fit``.

    >>> import numpy as np
    >>> from sklearn.model_selection import train_test_split
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    >>> clf = HillClimbMLPClassifier(solver="adam", random_state=0)
    >>> scores = [
    ...     clf.partial_fit(X_train, y_train, classes=[0, 1]).score(X_test, y_test)
    ...     for epoch in range(20)
    ... ]
    >>> fig, ax = plt.subplots()
    >>> disp = TrainingCurveDisplay(
    ...     x=np.arange(1, 21), loss=scores, x_label="Epochs",
    ...     y_label="Test accuracy", name="adam",
    ... ).plot(ax=ax)
    >>> disp.line_.get_label(), disp.best_line_
    ('adam', None)
    >>> plt.close("all")
    """

    def __init__(
        self,
        *,
        x,
        loss,
        best_loss=None,
        restarts=None,
        x_label="Iterations",
        y_label="Training loss",
        name=None,
    ):
        self.x = x
        self.loss = loss
        self.best_loss = best_loss
        self.restarts = restarts
        self.x_label = x_label
        self.y_label = y_label
        self.name = name

    def _validated_data(self, kind):
        """``x``, ``loss``, ``best_loss`` and ``restarts`` as checked arrays."""
        x = np.asarray(self.x)
        loss = np.asarray(self.loss, dtype=float)
        curves = {"x": x, "loss": loss}
        best_loss = None
        if self.best_loss is not None:
            best_loss = np.asarray(self.best_loss, dtype=float)
            curves["best_loss"] = best_loss
        for attr, curve in curves.items():
            if curve.ndim != 1 or len(curve) != len(loss):
                raise ValueError(
                    f"{type(self).__name__}.{attr} must be 1-D with one value per "
                    f"iteration, as loss: got shape {curve.shape}, and loss has "
                    f"shape {loss.shape}."
                )
        if kind == "best" and best_loss is None:
            raise ValueError(
                "kind='best' draws the best loss so far, and this display's "
                "best_loss is None; pass best_loss or use kind='current'."
            )
        restarts = np.asarray([] if self.restarts is None else self.restarts)
        if restarts.size and (
            restarts.ndim != 1
            or not np.issubdtype(restarts.dtype, np.integer)
            or restarts.min() < 0
            or restarts.max() >= len(loss)
        ):
            raise ValueError(
                f"{type(self).__name__}.restarts must be indices into loss "
                f"(integers from 0 to {len(loss) - 1}); got {self.restarts!r}."
            )
        return x, loss, best_loss, restarts.astype(np.intp)

    def plot(
        self,
        ax=None,
        *,
        kind="both",
        name=None,
        line_kwargs=None,
        best_line_kwargs=None,
        restart_kwargs=None,
    ):
        """Plot the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure and axes. On an axes that
            already holds curves (another display's ``ax_``) the new curves
            take the next colour of the axes' colour cycle.
        kind : {"current", "best", "both"}, default="both"
            Which curves to draw: ``"current"`` the ``loss`` line only,
            ``"best"`` the ``best_loss`` line only, ``"both"`` the ``loss``
            as a solid line and ``best_loss`` as a dashed line of the same
            colour. ``"both"`` draws the ``loss`` line alone when
            ``best_loss`` is None or equal to ``loss`` (as when every
            iteration improves or keeps the best point), since a second
            line would only hide the first.
        name : str, default=None
            Legend label, as the constructor's ``name``, which it overrides
            for this plot. A legend is drawn when the lines have a label.
        line_kwargs : dict, default=None
            Keyword arguments for matplotlib's ``plot`` of the ``loss``
            line; they override the defaults (the colour cycle's next
            colour, ``label=name``).
        best_line_kwargs : dict, default=None
            Keyword arguments for matplotlib's ``plot`` of the ``best_loss``
            line; they override the defaults (``linestyle="--"``, the
            ``loss`` line's colour, ``label=f"{name} (best)"``).
        restart_kwargs : dict, default=None
            Keyword arguments for matplotlib's ``axvline`` of each restart
            mark; they override the defaults (``linestyle=":"``,
            ``alpha=0.4``, the curves' colour).

        Returns
        -------
        display : TrainingCurveDisplay
            This display, with ``line_``, ``best_line_``, ``restart_lines_``,
            ``ax_`` and ``figure_`` set.
        """
        _check_matplotlib_support(f"{type(self).__name__}.plot")
        _check_option("kind", kind, _KINDS, f"{type(self).__name__}.plot")
        x, loss, best_loss, restarts = self._validated_data(kind)

        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        name = self.name if name is None else name

        self.line_ = self.best_line_ = None
        if kind != "best":
            defaults = {} if name is None else {"label": name}
            (self.line_,) = ax.plot(x, loss, **_line_kwargs(defaults, line_kwargs))
        if best_loss is not None and (
            kind == "best" or (kind == "both" and not np.array_equal(loss, best_loss))
        ):
            defaults = {"linestyle": "--"}
            if self.line_ is not None:
                defaults["color"] = self.line_.get_color()
            if name is not None:
                defaults["label"] = f"{name} (best)"
            (self.best_line_,) = ax.plot(
                x, best_loss, **_line_kwargs(defaults, best_line_kwargs)
            )
        drawn = [line for line in (self.line_, self.best_line_) if line is not None]

        defaults = {"color": drawn[0].get_color(), "linestyle": ":", "alpha": 0.4}
        kwargs = _line_kwargs(defaults, restart_kwargs)
        self.restart_lines_ = [ax.axvline(at, **kwargs) for at in x[restarts]]

        if self.x_label is not None:
            ax.set_xlabel(self.x_label)
        if self.y_label is not None:
            ax.set_ylabel(self.y_label)
        # matplotlib labels unlabelled lines "_child<n>", which legends skip.
        if any(not line.get_label().startswith("_") for line in drawn):
            ax.legend()
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def _from_fitted(cls, estimator, *, x, kind, name, caller):
        """A display of ``estimator``'s curves, not yet plotted."""
        _check_option("x", x, tuple(_X_CHOICES), caller)
        _check_option("kind", kind, _KINDS, caller)
        check_is_fitted(estimator)

        def curve(attr, needed_by):
            if not hasattr(estimator, attr):
                raise AttributeError(
                    f"{type(estimator).__name__} has no attribute {attr!r}, "
                    f"which {needed_by} needs: {cls.__name__} draws the curves "
                    "that sk_hillclimb's estimators record during fit "
                    "(loss_curve_, best_loss_curve_, n_evals_curve_, "
                    "time_curve_, restarts_)."
                )
            return np.asarray(getattr(estimator, attr))

        loss = curve("loss_curve_", caller)
        x_attr, x_label = _X_CHOICES[x]
        x_data = (
            np.arange(1, len(loss) + 1) if x_attr is None else curve(x_attr, f"x={x!r}")
        )
        if kind == "current":
            best_loss = getattr(estimator, "best_loss_curve_", None)
        else:
            best_loss = curve("best_loss_curve_", f"kind={kind!r}")
        objective = getattr(estimator, "objective_", None)
        return cls(
            x=x_data,
            loss=loss,
            best_loss=best_loss,
            # An estimator that does not record restarts has none to mark.
            restarts=getattr(estimator, "restarts_", None),
            x_label=x_label,
            y_label="Training loss" + ("" if objective is None else f" ({objective})"),
            name=getattr(estimator, "solver", None) if name is None else name,
        )

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        x="iterations",
        kind="both",
        ax=None,
        name=None,
        line_kwargs=None,
        best_line_kwargs=None,
        restart_kwargs=None,
    ):
        """Plot the training curves of a fitted estimator.

        Parameters
        ----------
        estimator : estimator instance
            A fitted :class:`HillClimbPerceptron`,
            :class:`HillClimbMLPClassifier` or :class:`HillClimbMLPRegressor`
            (any fitted estimator with the attributes used below works,
            e.g. scikit-learn's MLPClassifier with ``kind="current"``).
            Drawn: ``loss_curve_``, ``best_loss_curve_``, and a mark at each
            iteration listed in ``restarts_``.
        x : {"iterations", "evaluations", "seconds"}, default="iterations"
            The x axis: the iteration number (1 to ``n_iter_``), the
            cumulative number of objective evaluations
            (``n_evals_curve_``), which compares solvers whose iterations
            cost different numbers of evaluations (a generation of
            ``genetic`` or ``cmaes`` against one step of ``hillclimb``), or
            the seconds since training began (``time_curve_``). The x
            label says which. For a log scale, call
            ``display.ax_.set_xscale("log")``.
        kind : {"current", "best", "both"}, default="both"
            Which curves to draw; see :meth:`plot`.
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure and axes. Pass another
            display's ``ax_`` to add this estimator's curves to it, in the
            next colour.
        name : str, default=None
            Legend label; None uses the estimator's ``solver``, e.g.
            ``"hillclimb"`` for the current loss and ``"hillclimb (best)"``
            for the best so far.
        line_kwargs : dict, default=None
            Keyword arguments for the current-loss line; see :meth:`plot`.
        best_line_kwargs : dict, default=None
            Keyword arguments for the best-so-far line; see :meth:`plot`.
        restart_kwargs : dict, default=None
            Keyword arguments for the restart marks; see :meth:`plot`.

        Returns
        -------
        display : TrainingCurveDisplay
            The display, plotted.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If ``estimator`` is not fitted.
        AttributeError
            If ``estimator`` lacks a curve that ``x`` or ``kind`` needs.
        ValueError
            If ``x`` or ``kind`` is not one of the values above.
        """
        _check_matplotlib_support(f"{cls.__name__}.from_estimator")
        display = cls._from_fitted(
            estimator,
            x=x,
            kind=kind,
            name=name,
            caller=f"{cls.__name__}.from_estimator",
        )
        return display.plot(
            ax=ax,
            kind=kind,
            line_kwargs=line_kwargs,
            best_line_kwargs=best_line_kwargs,
            restart_kwargs=restart_kwargs,
        )

    @classmethod
    def from_estimators(
        cls,
        estimators,
        *,
        x="iterations",
        kind="both",
        ax=None,
        line_kwargs=None,
        best_line_kwargs=None,
        restart_kwargs=None,
    ):
        """Plot the training curves of several fitted estimators on one axes.

        Each estimator's curves take the next colour of the axes' colour
        cycle, and the legend names them.

        Parameters
        ----------
        estimators : dict of str to estimator, or list of estimators
            The fitted estimators, as for :meth:`from_estimator`. A dict's
            keys are the legend labels; a list's estimators are labelled by
            their ``solver`` (use a dict to tell apart two fits of one
            solver).
        x : {"iterations", "evaluations", "seconds"}, default="iterations"
            The x axis; see :meth:`from_estimator`.
        kind : {"current", "best", "both"}, default="both"
            Which curves to draw; see :meth:`plot`.
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure and axes.
        line_kwargs : dict, default=None
            Keyword arguments for every current-loss line; see :meth:`plot`.
            A ``color`` here gives every estimator that colour.
        best_line_kwargs : dict, default=None
            Keyword arguments for every best-so-far line; see :meth:`plot`.
        restart_kwargs : dict, default=None
            Keyword arguments for every restart mark; see :meth:`plot`.

        Returns
        -------
        displays : list of TrainingCurveDisplay
            One display per estimator, in order, all with the same ``ax_``.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If an estimator is not fitted; nothing is drawn.
        AttributeError
            If an estimator lacks a curve that ``x`` or ``kind`` needs;
            nothing is drawn.
        ValueError
            If ``estimators`` is empty, or ``x`` or ``kind`` is not one of
            the values above.
        """
        caller = f"{cls.__name__}.from_estimators"
        _check_matplotlib_support(caller)
        if isinstance(estimators, Mapping):
            named = list(estimators.items())
        else:
            named = [(None, estimator) for estimator in estimators]
        if not named:
            raise ValueError(f"{caller} needs at least one estimator; got none.")
        # Every estimator is checked before anything is drawn, so that a bad
        # one does not leave a half-drawn figure behind.
        displays = [
            cls._from_fitted(estimator, x=x, kind=kind, name=name, caller=caller)
            for name, estimator in named
        ]
        for display in displays:
            display.plot(
                ax=ax,
                kind=kind,
                line_kwargs=line_kwargs,
                best_line_kwargs=best_line_kwargs,
                restart_kwargs=restart_kwargs,
            )
            ax = display.ax_
        return displays
