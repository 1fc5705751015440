"""An intersphinx inventory of scikit-learn's public API, made offline.

The build must not need a network, so scikit-learn's ``objects.inv``
cannot be downloaded. Its entries follow from the installed
scikit-learn: every public module's ``__all__`` is documented at a fixed
address of scikit-learn's site (a page per module under ``api/``, a page
per class or function under ``modules/generated/``, a method an anchor on
its class's page). ``docs/conf.py`` writes this inventory before each
build and gives it to intersphinx, so that ``:class:`~sklearn.pipeline.
Pipeline``` in a docstring links to scikit-learn's page.
"""

import importlib
import inspect
import types
import zlib
from pathlib import Path

import sklearn

#: Modules documented by scikit-learn's API reference besides those in
#: ``sklearn.__all__``.
EXTRA_MODULES = ("sklearn.base", "sklearn.utils")
#: Not imported: their names switch features on when imported (experimental)
#: or are not scikit-learn's own (externals).
SKIPPED_MODULES = ("sklearn.experimental", "sklearn.externals")
GENERATED = "modules/generated/{name}.html#$"
MODULE_PAGE = "api/{name}.html#module-$"


def _public_modules():
    """Names of the modules whose ``__all__`` scikit-learn documents."""
    names = [f"sklearn.{name}" for name in sklearn.__all__]
    return [
        name
        for name in names + list(EXTRA_MODULES)
        if name not in SKIPPED_MODULES and _is_module(name)
    ]


def _is_module(name):
    try:
        return isinstance(importlib.import_module(name), types.ModuleType)
    except ImportError:
        return False


def _entries_of_class(name, cls):
    """The class and its public methods, each on the class's page."""
    yield name, "py:class", GENERATED.format(name=name)
    for attr in dir(cls):
        if not attr.startswith("_") and _is_method(inspect.getattr_static(cls, attr)):
            yield f"{name}.{attr}", "py:method", GENERATED.format(name=name)


def _is_method(value):
    """Whether a class attribute is a method, inherited or conditional.

    Methods such as ``MLPClassifier.partial_fit`` are ``available_if``
    descriptors, which hold the function as ``fn``.
    """
    if isinstance(value, (classmethod, staticmethod)):
        return True
    return inspect.isroutine(value) or inspect.isfunction(getattr(value, "fn", None))


def _entries_of_module(module_name, seen):
    """Entries for a module and the public names in its ``__all__``."""
    if module_name in seen:
        return
    seen.add(module_name)
    module = importlib.import_module(module_name)
    yield module_name, "py:module", MODULE_PAGE.format(name=module_name)
    for attr in getattr(module, "__all__", ()):
        name = f"{module_name}.{attr}"
        try:
            value = getattr(module, attr, None)
        except ImportError:
            # An experimental name that needs sklearn.experimental first.
            continue
        if value is None and _is_module(name):
            value = importlib.import_module(name)
        if isinstance(value, types.ModuleType):
            yield from _entries_of_module(name, seen)
        elif inspect.isclass(value):
            yield from _entries_of_class(name, value)
        elif callable(value):
            yield name, "py:function", GENERATED.format(name=name)


def _top_level_functions():
    for attr in sklearn.__all__:
        if inspect.isfunction(getattr(sklearn, attr, None)):
            name = f"sklearn.{attr}"
            yield name, "py:function", GENERATED.format(name=name)


def write_inventory(path):
    """Write the inventory of the installed scikit-learn to ``path``.

    Parameters
    ----------
    path : str or pathlib.Path
        File to write (its folder is made if missing), in Sphinx's
        inventory format 2.

    Returns
    -------
    n_entries : int
        Number of entries written.
    """
    seen = set()
    entries = {}
    for module_name in _public_modules():
        for name, role, uri in _entries_of_module(module_name, seen):
            entries.setdefault((name, role), uri)
    for name, role, uri in _top_level_functions():
        entries.setdefault((name, role), uri)
    body = "".join(
        f"{name} {role} 1 {uri} -\n" for (name, role), uri in sorted(entries.items())
    )
    header = (
        "# Sphinx inventory version 2\n"
        "# Project: scikit-learn\n"
        f"# Version: {sklearn.__version__}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header.encode() + zlib.compress(body.encode()))
    return len(entries)
