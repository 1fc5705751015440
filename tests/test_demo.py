"""The demo command: table, progress, PNG, CSV input and clear errors."""

import subprocess
import sys
from importlib.metadata import entry_points

import numpy as np
import pytest
from sklearn.datasets import make_blobs

from sk_hillclimb._demo import DATASETS, main, make_parser
from sk_hillclimb._solvers import SOLVERS

pytest.importorskip("matplotlib")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _table_rows(out):
    lines = out.strip().splitlines()
    assert lines[0].split() == [
        "dataset", "estimator", "solver", "train", "acc", "test", "acc",
        "evals", "seconds",
    ]  # fmt: skip
    assert set(lines[1]) == {"-"}
    return [line.split() for line in lines[2:]]


def test_default_run_prints_the_table_and_writes_the_png(tmp_path):
    # What `make demo` runs, in a fresh directory.
    done = subprocess.run(
        [sys.executable, "-m", "sk_hillclimb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = _table_rows(done.stdout)
    assert len(rows) == 3 * 2 * len(SOLVERS)  # data sets x estimators x solvers
    assert {r[0] for r in rows} == {"classification", "vertical", "spiral"}
    assert {r[2] for r in rows} == set(SOLVERS)
    for _, _, solver, train, test, evals, seconds in rows:
        assert 0 <= float(train) <= 1 and 0 <= float(test) <= 1
        if "population_size" in SOLVERS[solver].hyperparameters:
            # 1000 generations of at least 4 networks each
            assert int(evals) > 1000 * 4
        else:
            assert int(evals) == (1000 if solver == "sgd-backprop" else 1001)
        assert float(seconds) >= 0
    by_key = {(r[0], r[1], r[2]): r for r in rows}
    # the tutorial's result: the MLP hill climbs to ~85% test accuracy
    assert float(by_key["classification", "mlp", "hillclimb"][4]) >= 0.8
    # progress went to stderr, one line per fit started and finished
    assert done.stderr.count(f"[{len(rows)}/{len(rows)}]") == 2
    png = tmp_path / "demo_output" / "loss_curves.png"
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert "loss curves saved to demo_output/loss_curves.png" in done.stderr


def test_help_documents_every_option():
    parser = make_parser()
    text = parser.format_help()
    for action in parser._actions:
        for option in action.option_strings:
            assert option in text
        if action.dest != "help":
            assert action.help, f"{action.dest} has no help"
    for name in [*DATASETS, *SOLVERS, "perceptron", "mlp"]:
        assert name in text
    done = subprocess.run(
        [sys.executable, "-m", "sk_hillclimb", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m sk_hillclimb")
    assert "--csv FILE" in done.stdout and "--target COLUMN" in done.stdout


def test_chosen_dataset_estimators_and_solvers(tmp_path, capsys):
    out_png = tmp_path / "curves.png"
    status = main(
        [
            "--dataset", "spiral", "digits",
            "--estimators", "mlp",
            "--solvers", "hillclimb", "sgd-backprop",
            "--hidden-layer-sizes", "16", "8",
            "--activation", "tanh",
            "--max-iter", "30",
            "--output", str(out_png),
        ]
    )  # fmt: skip
    assert status == 0
    captured = capsys.readouterr()
    rows = _table_rows(captured.out)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("spiral", "mlp", "hillclimb"),
        ("spiral", "mlp", "sgd-backprop"),
        ("digits", "mlp", "hillclimb"),
        ("digits", "mlp", "sgd-backprop"),
    ]
    assert [int(r[5]) for r in rows] == [31, 30, 31, 30]
    # 30 epochs of backprop learn the digits well beyond chance (10%)
    assert float(rows[3][4]) > 0.8
    assert out_png.read_bytes()[:8] == PNG_MAGIC
    assert "[4/4] digits: mlp, solver='sgd-backprop'" in captured.err


def test_csv_file_with_string_labels(tmp_path, capsys):
    X, y = make_blobs(n_samples=120, centers=3, n_features=3, random_state=0)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    path = tmp_path / "flowers.csv"
    lines = ["sepal,species,petal,width"]
    lines += [f"{a},{s},{b},{c}" for (a, b, c), s in zip(X, labels)]
    path.write_text("\n".join(lines) + "\n")
    status = main(
        ["--csv", str(path), "--target", "species", "--max-iter", "200",
         "--no-plot", "--quiet"]
    )  # fmt: skip
    assert status == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # --quiet
    rows = _table_rows(captured.out)
    assert len(rows) == 2 * len(SOLVERS) and {r[0] for r in rows} == {"flowers"}
    by_key = {(r[1], r[2]): r for r in rows}
    # well separated blobs: hill climbing and backprop both get them right
    assert float(by_key["mlp", "hillclimb"][4]) >= 0.95
    assert float(by_key["perceptron", "sgd-backprop"][4]) >= 0.95
    assert not (tmp_path / "demo_output").exists()


def test_csv_target_defaults_to_last_column(tmp_path, capsys):
    path = tmp_path / "data.csv"
    X, y = make_blobs(n_samples=40, centers=2, n_features=2, random_state=1)
    path.write_text(
        "a,b,label\n" + "".join(f"{p},{q},{t}\n" for (p, q), t in zip(X, y))
    )
    assert main(["--csv", str(path), "--estimators", "perceptron", "--solvers",
                 "hillclimb", "--max-iter", "20", "--no-plot"]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert "40 rows, 2 features, 2 classes" in captured.err
    assert len(_table_rows(captured.out)) == 1


@pytest.mark.parametrize(
    "content, target, message",
    [
        (None, "y", "cannot read {path}: No such file or directory"),
        ("a,b,y\n1,2,0\n3,4,1\n", "label",
         "no column 'label' in {path}; its columns are: a, b, y"),
        ("a,b,y\n1,2,0\n3,x,1\n1,2,0\n3,4,1\n", "y",
         "{path}, line 3: column 'b' has 'x'; feature columns must be numbers"),
        ("a,b,y\n1,2,0\n3,,1\n1,2,0\n3,4,1\n", "y",
         "{path}, line 3: column 'b' has a missing value"),
        ("a,b,y\n1,2,0\n3,4\n", "y", "{path}, line 3: 2 fields, the header has 3"),
        ("a,b,y\n1,2,0\n3,4,0\n", "y", "column 'y' has a single value"),
        ("a,y\n1,0.5\n2,1.5\n3,2.5\n", "y", "column 'y' has 3 distinct values in 3"),
        ("a,y\n1,0\n2,0\n3,1\n", "y", "every class of 'y' needs at least 2 rows"),
        ("", "y", "{path} needs a header line and at least one data line"),
        ("y\n0\n1\n", "y", "{path} has no feature column besides 'y'"),
    ],
    ids=["missing-file", "missing-column", "text-feature", "empty-cell",
         "short-line", "one-class", "continuous-target", "tiny-class",
         "empty-file", "no-features"],
)  # fmt: skip
def test_bad_csv_gives_one_line_error_and_exit_2(
    tmp_path, capsys, content, target, message
):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_text(content)
    status = main(["--csv", str(path), "--target", target])
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("sk-hillclimb: error: ")
    assert message.format(path=path) in err
    assert not (tmp_path / "demo_output").exists()


def test_bad_csv_from_the_command_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "sk_hillclimb", "--csv", "nope.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "python -m sk_hillclimb: error: cannot read nope.csv: "
        "No such file or directory\n"
    )


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--target", "y"], "--target needs --csv"),
        (["--dataset", "moons"], "invalid choice: 'moons'"),
        (["--solvers", "adam"], "invalid choice: 'adam'"),
        (["--max-iter", "0"], "must be a positive integer"),
        (["--test-size", "1.5"], "must be between 0 and 1"),
        (["--csv", "a.csv", "--dataset", "spiral"], "not allowed with argument"),
    ],
)
def test_bad_options_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_untrainable_combination_is_reported_not_fatal(capsys):
    status = main(
        ["--dataset", "vertical", "--estimators", "mlp", "--activation", "step",
         "--max-iter", "20", "--no-plot"]
    )  # fmt: skip
    assert status == 0
    captured = capsys.readouterr()
    rows = _table_rows(captured.out)
    assert [r[2] for r in rows] == list(SOLVERS)
    assert rows[2][3:] == ["not", "trained", "(see", "above)"]
    assert "'step' has no gradient" in captured.err


def test_tol_stops_fits_early(capsys):
    argv = ["--dataset", "classification", "--estimators", "mlp", "--solvers",
            "sgd-backprop", "--no-plot", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    full = _table_rows(capsys.readouterr().out)
    assert main([*argv, "--tol", "1e-4"]) == 0
    early = _table_rows(capsys.readouterr().out)
    assert int(full[0][5]) == 1000
    assert int(early[0][5]) < 1000


def test_console_script_is_declared():
    scripts = entry_points(group="console_scripts")
    assert [ep.value for ep in scripts if ep.name == "sk-hillclimb"] == [
        "sk_hillclimb._demo:main"
    ]
