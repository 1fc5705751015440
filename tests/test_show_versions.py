"""sk_hillclimb.show_versions: the facts a bug report needs."""

import sys

import numpy as np
import scipy
import sklearn

import sk_hillclimb
from sk_hillclimb import _show_versions


def test_sys_info_is_this_interpreter():
    info = _show_versions._get_sys_info()
    assert info["python"] == sys.version.replace("\n", " ")
    assert info["executable"] == sys.executable
    assert info["machine"]


def test_deps_info_gives_the_imported_versions():
    info = _show_versions._get_deps_info()
    assert list(info)[0] == "sk_hillclimb"
    assert info["sk_hillclimb"] == sk_hillclimb.__version__
    assert info["numpy"] == np.__version__
    assert info["scipy"] == scipy.__version__
    assert info["sklearn"] == sklearn.__version__
    assert info["threadpoolctl"] is not None


def test_a_missing_package_is_reported_as_none(monkeypatch):
    monkeypatch.setitem(
        _show_versions._DEPENDENCIES, "absent", "sk-hillclimb-no-such-package"
    )
    assert _show_versions._get_deps_info()["absent"] is None


def test_show_versions_prints_versions_and_blas(capsys):
    sk_hillclimb.show_versions()
    out = capsys.readouterr().out
    assert "\nSystem:\n" in out
    assert "\nPython dependencies:\n" in out
    assert f"sk_hillclimb: {sk_hillclimb.__version__}\n" in out
    assert f"numpy: {np.__version__}\n" in out
    assert f"scipy: {scipy.__version__}\n" in out
    assert f"sklearn: {sklearn.__version__}\n" in out
    # numpy's and scipy's BLAS are loaded, with their thread counts
    assert "\nthreadpoolctl info:\n" in out
    assert "user_api: blas" in out
    assert "num_threads: " in out
