"""The declared minimum versions of the runtime dependencies, pinned exactly.

``python tools/oldest_pins.py`` prints ``numpy==1.24`` etc., one a line, from
``[project].dependencies`` of ``pyproject.toml``: the constraints file of
``make test-oldest``, so the pins cannot drift from what is declared.
``python tools/oldest_pins.py --check`` verifies that the running Python has
exactly those versions installed, and says which. Needs Python 3.11
(``tomllib``).
"""

import re
import sys
from importlib.metadata import version
from pathlib import Path

import tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def minimums(pyproject=PYPROJECT):
    """Distribution name -> declared minimum version string.

    Every runtime dependency must be declared as ``name>=version``: a
    dependency without a lower bound has no oldest version to test.
    """
    with open(pyproject, "rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    pins = {}
    for requirement in dependencies:
        match = re.fullmatch(r"([\w.-]+)\s*>=\s*([0-9][\w.]*)", requirement)
        if match is None:
            raise ValueError(f"{requirement!r} is not of the form 'name>=version'")
        pins[match[1]] = match[2]
    return pins


def _release(text):
    """``"1.24"`` and ``"1.24.0"`` -> ``(1, 24, 0)``: equal releases compare equal."""
    parts = [int(part) for part in re.match(r"[0-9.]*[0-9]", text)[0].split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main(argv):
    pins = minimums()
    if argv[1:] == ["--check"]:
        wrong = {
            name: version(name)
            for name, minimum in pins.items()
            if _release(version(name)) != _release(minimum)
        }
        if wrong:
            sys.exit(f"not the declared minimums: {wrong} (declared {pins})")
        found = ", ".join(f"{name} {version(name)}" for name in pins)
        print(f"oldest supported versions installed: {found}")
    elif argv[1:]:
        sys.exit(__doc__)
    else:
        print("\n".join(f"{name}=={minimum}" for name, minimum in pins.items()))


if __name__ == "__main__":
    main(sys.argv)
