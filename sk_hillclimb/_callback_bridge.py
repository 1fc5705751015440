"""scikit-learn's callbacks (``set_callbacks``, scikit-learn >= 1.9) on our fits.

scikit-learn 1.9 describes a fit as a tree of tasks, each with a
:class:`sklearn.callback.CallbackContext` whose hooks the estimator calls
at the task's beginning and end. Here the fit is the root task and its
sub-tasks are blocks of iterations (an epoch for the gradient solvers,
:func:`~sk_hillclimb._observe.block_size` rounds for the derivative-free
ones), so that a progress bar or a scoring monitor costs a fixed share of
the fit. The end of every block passes ``reconstruction_attributes`` as a
callable: the ready-to-predict ``fitted_estimator`` a callback may ask for
is built only then. A hook that returns True stops training after the
block, as the ``callback`` parameter's True does.

Only the public context API is used (``_init_callback_context``,
``subcontext``, ``call_on_fit_task_begin``/``end``); with an older
scikit-learn the estimators have no ``set_callbacks`` and none of this runs.
"""


def has_callbacks(estimator):
    """Whether scikit-learn callbacks are set on (or propagated to) ``estimator``."""
    return bool(getattr(estimator, "_skl_callbacks", None))


class SklearnCallbacks:
    """The callback contexts of one fit, as a block observer.

    Parameters
    ----------
    estimator : estimator instance
        The estimator being fitted (it has ``_init_callback_context``).
    X, y : array-like
        The training data given to ``fit``, passed to the hooks.
    metadata : dict or None
        ``{"sample_weight": ...}`` when weights were given.
    max_blocks : int or None
        Blocks this fit can run at most; None when its length is unknown
        (a ``max_time`` or ``max_evals`` budget alone).
    block : int
        Iterations per block.
    epochs : bool
        Whether an iteration is an epoch (the gradient solvers).
    """

    def __init__(self, estimator, X, y, metadata, max_blocks, block, epochs):
        self.estimator = estimator
        self.hook_data = {"X": X, "y": y, "metadata": metadata}
        self.block = block
        self.epochs = epochs
        self.root = estimator._init_callback_context(
            task_name="fit", max_subtasks=max_blocks
        )
        self.root.call_on_fit_task_begin(estimator=estimator, **self.hook_data)
        self._task = None

    def begin_block(self, n_iter):
        """Open the sub-task of the block after iteration ``n_iter``."""
        first, last = n_iter + 1, n_iter + self.block
        if self.epochs:
            name = f"epoch {first}"
        elif self.block == 1:
            name = f"iteration {first}"
        else:
            name = f"iterations {first}-{last}"
        self._task = self.root.subcontext(task_name=name)
        self._task.call_on_fit_task_begin(estimator=self.estimator, **self.hook_data)

    def end_block(self, progress):
        """End the block's sub-task; whether a hook asks to stop."""
        task, self._task = self._task, None
        return task.call_on_fit_task_end(
            estimator=self.estimator,
            reconstruction_attributes=progress.fitted_attributes,
            **self.hook_data,
        )

    def end_fit(self):
        """End the root task: the estimator is fitted."""
        self.root.call_on_fit_task_end(
            estimator=self.estimator, reconstruction_attributes={}, **self.hook_data
        )
