"""The "?" link of an estimator's HTML representation to its API page."""


def doc_link_template(estimator):
    """URL template of the estimators' API pages, under ``__doc_url__``.

    scikit-learn's HTML representation (in Jupyter, or in the gallery of
    the documentation) shows a "?" that links to the estimator's page; it
    fills ``{estimator_module}`` (``sk_hillclimb``) and ``{estimator_name}``
    in this template. The template is read at each call, so a
    ``sk_hillclimb.__doc_url__`` set after import takes effect.

    Parameters
    ----------
    estimator : BaseHillClimb
        The estimator whose link is made (unused: every page follows one
        pattern).

    Returns
    -------
    template : str
        ``__doc_url__ + "generated/{estimator_module}.{estimator_name}.html"``,
        the path of the pages that ``docs/api.rst`` generates.
    """
    import sk_hillclimb

    page = "generated/{estimator_module}.{estimator_name}.html"
    return sk_hillclimb.__doc_url__ + page
