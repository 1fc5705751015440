"""Run the README's quick start: its ``python`` code blocks, as doctests.

``python tools/run_readme.py README.md`` extracts every fenced ``python``
block of the file and runs the ``>>>`` examples in them, in order and in one
namespace, with every warning turned into an error: the quick start must
run as printed, without a ``ConvergenceWarning`` or any other warning.
``--installed`` also requires that sk_hillclimb is imported from an
installed distribution (site-packages), not from a source tree: ``make
dist-check`` runs it in a fresh venv holding only the wheel and its runtime
dependencies, from a directory outside the repository.
"""

import doctest
import re
import sys
import warnings
from pathlib import Path

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(text):
    """The contents of the fenced ``python`` blocks of a Markdown text."""
    return _PYTHON_BLOCK.findall(text)


def run(path):
    """Run the ``>>>`` examples of ``path``'s python blocks; warnings fail.

    Returns
    -------
    results : doctest.TestResults
        ``failed`` and ``attempted`` counts.
    """
    path = Path(path)
    blocks = python_blocks(path.read_text())
    test = doctest.DocTestParser().get_doctest(
        "\n".join(blocks), {"__name__": "__main__"}, path.name, str(path), 0
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runner.run(test)
    return runner.summarize(verbose=False)


def main(argv):
    args = argv[1:]
    installed = "--installed" in args
    paths = [arg for arg in args if arg != "--installed"]
    if len(paths) != 1:
        sys.exit(__doc__)
    import sk_hillclimb

    location = Path(sk_hillclimb.__file__).parent
    print(f"sk_hillclimb {sk_hillclimb.__version__} from {location}")
    if installed and "site-packages" not in location.parts:
        sys.exit("sk_hillclimb was not imported from an installed distribution")
    results = run(paths[0])
    print(f"{paths[0]}: {results.attempted} examples, {results.failed} failed")
    if results.failed or not results.attempted:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv)
