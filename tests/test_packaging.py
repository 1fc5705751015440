"""Release files: licence and metadata, private scikit-learn imports, the
README's quick start, the oldest-versions pins and the contents check.

``make dist-check`` builds and installs the real files; these tests check
the pieces it relies on. Those that read files of a source checkout skip
when the file is absent (an installed copy of the tests, say).
"""

import ast
import re
import runpy
import zipfile
from pathlib import Path

import pytest

import sk_hillclimb

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(sk_hillclimb.__file__).parent


def _read(relative):
    path = ROOT / relative
    if not path.is_file():
        pytest.skip(f"{relative} is not in this copy of the sources")
    return path


def _pyproject():
    # tomllib is in the standard library from Python 3.11
    tomllib = pytest.importorskip("tomllib")
    with open(_read("pyproject.toml"), "rb") as f:
        return tomllib.load(f)


def _tool(name):
    return runpy.run_path(str(_read(f"tools/{name}.py")))


def _private_sklearn_imports(tree):
    """``sklearn.x._y`` modules and ``_name``s imported from sklearn."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "sklearn"
        ):
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(node.module)
            found += [a.name for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [
                a.name
                for a in node.names
                if a.name.startswith("sklearn")
                and any(part.startswith("_") for part in a.name.split("."))
            ]
    return found


def test_private_sklearn_apis_only_in_the_compat_module():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_sklearn_compat.py":
            continue
        found = _private_sklearn_imports(ast.parse(path.read_text()))
        if found:
            offenders[str(path.relative_to(PACKAGE))] = found
    assert offenders == {}, "import these from sk_hillclimb._sklearn_compat"
    # and the compat module does import private APIs (the scan works)
    compat = ast.parse((PACKAGE / "_sklearn_compat.py").read_text())
    assert "_fit_context" in _private_sklearn_imports(compat)


def test_license_and_project_metadata():
    pyproject = _pyproject()
    project = pyproject["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    # the SPDX string needs setuptools 77 (PEP 639)
    assert "setuptools>=77" in pyproject["build-system"]["requires"]
    assert project["authors"] == [{"name": "The sk_hillclimb developers"}]
    assert not any(c.startswith("License ::") for c in project["classifiers"])
    text = _read("LICENSE").read_text()
    assert text.startswith("BSD 3-Clause License\n")
    assert "The sk_hillclimb developers" in text.splitlines()[2]
    assert "Neither the name of the copyright holder" in text


def test_citation_names_this_version():
    text = _read("CITATION.cff").read_text()
    assert re.search(r"^cff-version: 1\.2\.0$", text, flags=re.MULTILINE)
    assert f'\nversion: "{sk_hillclimb.__version__}"\n' in text
    assert "\nlicense: BSD-3-Clause\n" in text


def test_readme_quick_start_runs_without_warnings():
    # tools/run_readme.py turns every warning (ConvergenceWarning included)
    # into an error; make dist-check runs it on the installed wheel
    run_readme = _tool("run_readme")
    results = run_readme["run"](_read("README.md"))
    assert results.failed == 0
    assert results.attempted >= 10


def test_run_readme_reads_only_python_blocks():
    run_readme = _tool("run_readme")
    text = "```bash\n>>> not python\n```\n```python\n>>> 1 + 1\n2\n\n```\n"
    assert run_readme["python_blocks"](text) == [">>> 1 + 1\n2\n\n"]


def test_oldest_pins_are_the_declared_minimums(tmp_path):
    declared = _pyproject()["project"]["dependencies"]
    minimums = _tool("oldest_pins")["minimums"]
    pins = minimums()
    assert set(pins) == {"numpy", "scipy", "scikit-learn"}
    assert [f"{name}>={v}" for name, v in pins.items()] == declared
    # a dependency without a lower bound has no oldest version to test
    unbounded = tmp_path / "pyproject.toml"
    unbounded.write_text('[project]\ndependencies = ["numpy"]\n')
    with pytest.raises(ValueError, match="'numpy' is not of the form"):
        minimums(unbounded)


def test_check_dist_refuses_a_wheel_with_tests_and_no_license(tmp_path):
    wheel_problems = _tool("check_dist")["wheel_problems"]
    wheel = tmp_path / "sk_hillclimb-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("sk_hillclimb/__init__.py", "")
        zf.writestr("tests/test_x.py", "")
        zf.writestr(
            "sk_hillclimb-0.1.0.dist-info/METADATA",
            "Metadata-Version: 2.4\nName: sk_hillclimb\nVersion: 0.1.0\n",
        )
    assert wheel_problems(wheel) == [
        f"{wheel.name}: License-Expression is not BSD-3-Clause",
        f"{wheel.name}: no License-File: LICENSE",
        f"{wheel.name}: no sk_hillclimb-0.1.0.dist-info/licenses/LICENSE",
        f"{wheel.name}: should not ship tests/test_x.py",
    ]
