"""``show_versions``: what a bug report needs to know about the machine."""

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

# threadpoolctl is installed with scikit-learn, which requires it.
from threadpoolctl import threadpool_info

#: Report name -> distribution name: the runtime dependencies, the packages
#: they pull in, the installers, then the optional extras (None when absent).
_DEPENDENCIES = {
    "numpy": "numpy",
    "scipy": "scipy",
    "sklearn": "scikit-learn",
    "joblib": "joblib",
    "threadpoolctl": "threadpoolctl",
    "pip": "pip",
    "setuptools": "setuptools",
    "matplotlib": "matplotlib",
    "pandas": "pandas",
    "dask": "dask",
    "distributed": "distributed",
    "skops": "skops",
}


def _get_sys_info():
    """Python and the platform.

    Returns
    -------
    sys_info : dict
        ``"python"`` (the version string), ``"executable"`` and
        ``"machine"`` (the platform string).
    """
    return {
        "python": sys.version.replace("\n", " "),
        "executable": sys.executable,
        "machine": platform.platform(),
    }


def _get_deps_info():
    """Versions of sk_hillclimb and of the packages it works with.

    Read from the installed distributions' metadata, so nothing is imported.

    Returns
    -------
    deps_info : dict
        Name -> version string, or None for a package that is not
        installed; ``"sk_hillclimb"`` first.
    """
    from . import __version__

    info = {"sk_hillclimb": __version__}
    for name, distribution in _DEPENDENCIES.items():
        try:
            info[name] = version(distribution)
        except PackageNotFoundError:
            info[name] = None
    return info


def _format(info):
    """One ``key: value`` line per entry, the keys right-aligned."""
    width = max(map(len, info))
    return "\n".join(f"{key:>{width}}: {value}" for key, value in info.items())


def show_versions():
    """Print the versions of Python, sk_hillclimb, its dependencies and BLAS.

    The information to paste into a bug report, as
    :func:`sklearn.show_versions` gives it for scikit-learn: the platform
    and Python; the versions of sk_hillclimb, numpy, scipy, scikit-learn,
    joblib, threadpoolctl, pip, setuptools and of the optional packages
    (``None`` when not installed); and, from threadpoolctl, every BLAS and
    OpenMP library loaded with its number of threads.

    Examples
    --------
    >>> import sk_hillclimb
    >>> sk_hillclimb.show_versions()  # doctest: +SKIP
    System:
        python: 3.11.7 (main, ...) [GCC 12.2.0]
    ...
    """
    # Loads numpy's and scipy's BLAS, so that threadpoolctl reports both.
    import scipy.linalg  # noqa: F401

    blocks = [
        "System:\n" + _format(_get_sys_info()),
        "Python dependencies:\n" + _format(_get_deps_info()),
        "threadpoolctl info:",
    ]
    blocks.extend(_format(library) for library in threadpool_info())
    print("\n" + "\n\n".join(blocks))
