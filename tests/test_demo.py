"""The demo command: table, progress, PNG, CSV input and clear errors."""

import subprocess
import sys
from importlib.metadata import entry_points

import numpy as np
import pytest
from sklearn.datasets import make_blobs

import sk_hillclimb
from sk_hillclimb._demo import DATASETS, main, make_parser
from sk_hillclimb._demo_csv import TASKS, detect_task, load_csv
from sk_hillclimb._solvers import SOLVERS

pytest.importorskip("matplotlib")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _table_rows(out, score="acc"):
    lines = out.strip().splitlines()
    assert lines[0].split() == [
        "dataset", "estimator", "solver", "train", score, "test", score,
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
        elif SOLVERS[solver].uses_gradient:
            assert int(evals) == 1000  # an epoch counts as one
        else:
            # the starting point, then 1000 rounds of candidates (one by
            # default: 1001 evaluations)
            assert int(evals) > 1 and (int(evals) - 1) % 1000 == 0
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
    for name in [*DATASETS, *SOLVERS, "perceptron", "mlp", *TASKS]:
        assert name in text
    # the rules the CSV reader follows are stated
    flat = " ".join(text.split())
    assert "whole numbers with at most 20 distinct values and at least 5" in flat
    assert "Rows whose target is missing are dropped, with a warning" in flat
    assert "text columns one-hot encoded" in flat
    assert "a missing feature value is imputed" in flat
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
    "content, options, message",
    [
        (None, [], "cannot read {path}: No such file or directory"),
        ("a,b,y\n1,2,0\n3,4,1\n", ["--target", "label"],
         "no column 'label' in {path}; its columns are: a, b, y"),
        ("a,b,y\n1,2,0\n3,4\n", [],
         "{path}, line 3: 2 fields, the header has 3 (delimiter ','; see "
         "--delimiter)"),
        ("a,b,y\n1,2,0\n3,4,0\n", ["--task", "classification"],
         "column 'y' has a single value; need 2 classes"),
        ("a,y\n1,0.5\n2,1.5\n3,2.5\n", ["--task", "classification"],
         "column 'y' has 3 distinct values in 3 rows: too many classes (use "
         "--task regression for a numeric target)"),
        ("a,y\n1,0\n2,0\n3,1\n", [],
         "every class of 'y' needs at least 2 rows"),
        ("a,y\n1,0.5\n2,1.5\n3,2.5\n", [],
         "3 rows split into 2 for training and 1 for testing (--test-size "
         "0.33); R^2 needs at least 2 rows in each"),
        ("a,y\n1,0.5\n2,0.5\n3,0.5\n4,0.5\n", [],
         "column 'y' has a single value; nothing to fit"),
        ("a,y\n1,low\n2,high\n3,low\n4,high\n", ["--task", "regression"],
         "{path}, line 2: column 'y' has 'low'; a regression target must be "
         "finite numbers (--task classification for labels)"),
        ("a,y\n1,0.5\n2,inf\n3,1.5\n4,2.5\n", [],
         "{path}, line 3: column 'y' has 'inf'; a regression target must be"),
        ("a,b,y\n1,2,0\n3,-inf,1\n1,2,0\n3,4,1\n", [],
         "{path}, line 3: column 'b' has '-inf'; feature values must be finite"),
        ("a,y\n1,\n2, NaN \n", [], "{path}: column 'y' has no values"),
        ("a,b,y\n,NA,0\n,,1\n,,0\n,,1\n", [],
         "{path} has no feature column with values"),
        ("", [], "{path} needs a header line and at least one data line"),
        ("y\n0\n1\n", [], "{path} has no feature column besides 'y'"),
    ],
    ids=["missing-file", "missing-column", "short-line", "one-class",
         "too-many-classes", "tiny-class", "tiny-regression",
         "constant-regression", "text-regression", "inf-target",
         "inf-feature", "no-target-values", "empty-features", "empty-file",
         "no-features"],
)  # fmt: skip
def test_bad_csv_gives_one_line_error_and_exit_2(
    tmp_path, capsys, content, options, message
):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_text(content)
    status = main(["--csv", str(path), *options])
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
        (["--task", "regression"], "--task needs --csv"),
        (["--delimiter", ";"], "--delimiter needs --csv"),
        (["--csv", "a.csv", "--delimiter", ";;"], "must be one character"),
        (["--csv", "a.csv", "--task", "ranking"], "invalid choice: 'ranking'"),
        (["--dataset", "moons"], "invalid choice: 'moons'"),
        (["--solvers", "newton-cg"], "invalid choice: 'newton-cg'"),
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


# -- CSV files: task, missing targets, delimiters, text features, --version --


@pytest.mark.parametrize(
    "values, task, reason",
    [
        (["a", "b"] * 10, "classification", "auto: 'y' holds text"),
        (["0", "1", "2"] * 5, "classification", "holds 3 whole-number values"),
        (["0.0", "1.0"], "classification", "holds 2 whole-number values"),
        # 3 values need 15 rows
        (["0", "1", "2"] * 4, "regression", "holds 3 distinct whole numbers"),
        ([str(v) for v in range(21)] * 5, "regression", "21 distinct whole"),
        (["0.5", "1.5"] * 10, "regression", "holds 2 distinct numbers"),
    ],
)
def test_auto_task_follows_the_documented_rule(values, task, reason):
    detected, why = detect_task(np.array(values), "auto")
    assert detected == task and reason in why
    assert detect_task(np.array(values), "regression") == ("regression", "--task")


def _write_rows(path, header, rows, sep=","):
    path.write_text(
        sep.join(header) + "\n" + "".join(sep.join(map(str, r)) + "\n" for r in rows)
    )
    return path


def test_regression_is_detected_on_a_numeric_target(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = 50 + 30 * X[:, 0] - 20 * X[:, 1] + rng.normal(scale=2, size=120)
    path = _write_rows(tmp_path / "sales.csv", ["a", "b", "c", "sales"],
                       np.column_stack([X, y]).round(4))  # fmt: skip
    argv = ["--csv", str(path), "--max-iter", "300", "--no-plot"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert (
        f"{path}: 120 rows, 3 features, regression, scored by R^2 (auto: "
        "'sales' holds 120 distinct numbers; --task overrides)"
    ) in captured.err
    assert "test R^2" in captured.err
    rows = _table_rows(captured.out, score="R2")
    assert len(rows) == 2 * len(SOLVERS)
    by_key = {(r[1], r[2]): r for r in rows}
    # a linear target with little noise: the linear unit fits it by gradient
    # and by hill climbing; R^2 is not accuracy, it can be far below 0
    assert float(by_key["perceptron", "sgd-backprop"][4]) > 0.95
    assert float(by_key["perceptron", "hillclimb"][4]) > 0.9
    assert float(by_key["mlp", "sgd-backprop"][4]) > 0.9


def test_task_override(tmp_path, capsys):
    # whole numbers 0..2 on 60 rows: auto says classes; --task says otherwise
    X, y = make_blobs(n_samples=60, centers=3, cluster_std=0.5, random_state=0)
    path = _write_rows(tmp_path / "grades.csv", ["p", "q", "grade"],
                       [(a, b, t) for (a, b), t in zip(X, y)])  # fmt: skip
    argv = ["--csv", str(path), "--estimators", "mlp", "--solvers",
            "sgd-backprop", "--max-iter", "100", "--no-plot"]  # fmt: skip
    assert main(argv) == 0
    auto = capsys.readouterr()
    assert "3 classes; classification (auto: 'grade' holds 3 whole-number" in auto.err
    assert float(_table_rows(auto.out)[0][4]) > 0.9
    assert main([*argv, "--task", "regression"]) == 0
    forced = capsys.readouterr()
    assert "60 rows, 2 features, regression, scored by R^2 (--task)" in forced.err
    assert float(_table_rows(forced.out, score="R2")[0][4]) > 0.5


def _iris_csv(path, sep=",", blanks=(), decimal=".", text_feature=False):
    from sklearn.datasets import load_iris

    iris = load_iris()
    header = ["sepal length", "sepal width", "petal length", "petal width"]
    species = iris.target_names[iris.target].astype(object)
    species[list(blanks)] = ""
    rows = [[str(v).replace(".", decimal) for v in x] for x in iris.data]
    if text_feature:
        header.append("petal size")
        rows = [
            [*r, "" if i % 25 == 7 else ("small" if x[2] < 2.5 else "large")]
            for i, (r, x) in enumerate(zip(rows, iris.data))
        ]
    return _write_rows(path, [*header, "species"],
                       [[*r, s] for r, s in zip(rows, species)], sep)  # fmt: skip


def test_blank_target_cells_are_dropped_with_a_warning(tmp_path, capsys):
    path = _iris_csv(tmp_path / "iris.csv", blanks=[10, 60, 120])
    argv = ["--csv", str(path), "--estimators", "perceptron", "--solvers",
            "hillclimb", "--max-iter", "200", "--no-plot"]  # fmt: skip
    assert main(argv) == 0
    captured = capsys.readouterr()
    # not a fourth class "" on iris: three blank cells are three dropped rows
    assert (
        "sk-hillclimb: warning: dropped 3 of 150 rows whose target 'species' "
        "is missing (blank or NaN): lines 12, 62 and 122\n"
    ) in captured.err
    assert (
        f"{path}: 147 rows, 4 features, 3 classes; classification (auto: "
        "'species' holds text)\n"
    ) in captured.err
    assert float(_table_rows(captured.out)[0][4]) > 0.9
    # the warning is about the data, not progress: --quiet keeps it
    assert main([*argv, "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("sk-hillclimb: warning: dropped 3 of 150 rows")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "sep, decimal, option",
    [(";", ",", []), ("\t", ".", []), ("|", ".", ["--delimiter", "|"]),
     ("\t", ".", ["--delimiter", "tab"])],
    ids=["semicolon-decimal-comma", "tab", "pipe-option", "tab-option"],
)  # fmt: skip
def test_delimiter_is_sniffed_or_given(tmp_path, capsys, sep, decimal, option):
    path = _iris_csv(tmp_path / "iris.csv", sep=sep, decimal=decimal)
    given = {"|": "|", "tab": "\t"}[option[1]] if option else None
    data = load_csv(path, delimiter=given)
    assert data.delimiter == sep
    assert data.columns == ["sepal length", "sepal width", "petal length",
                            "petal width"]  # fmt: skip
    assert data.X.dtype == np.float64 and data.X[0, 0] == 5.1
    argv = ["--csv", str(path), *option, "--estimators", "mlp", "--solvers",
            "sgd-backprop", "--max-iter", "100", "--no-plot", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert float(_table_rows(capsys.readouterr().out)[0][4]) > 0.9


def test_wrong_delimiter_option_is_reported(tmp_path, capsys):
    path = _iris_csv(tmp_path / "iris.csv", sep=";")
    assert main(["--csv", str(path), "--delimiter", ","]) == 2
    assert capsys.readouterr().err == (
        f"sk-hillclimb: error: {path} has no feature column besides "
        "'sepal length;sepal width;petal length;petal width;species' "
        "(delimiter ','; see --delimiter)\n"
    )


def test_text_feature_is_one_hot_encoded_in_the_pipeline(tmp_path, capsys):
    path = _iris_csv(tmp_path / "iris.csv", text_feature=True, blanks=[3])
    data = load_csv(path)
    assert data.text_columns == [4] and data.X.dtype == object
    assert data.X[0, 4] == "small" and np.isnan(data.X[6, 4])
    encoded = data.preprocessor().fit_transform(data.X)
    # 4 standardised numbers, then small / large / missing
    assert encoded.shape == (149, 4 + 3)
    np.testing.assert_allclose(encoded[:, :4].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_array_equal(encoded[:, 4:].sum(axis=1), 1)
    assert encoded[:, 6].sum() == 6  # lines 9, 34, ..., 134
    argv = ["--csv", str(path), "--estimators", "perceptron", "--solvers",
            "hillclimb", "--max-iter", "200", "--no-plot"]  # fmt: skip
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert (
        "5 features (1 text, one-hot encoded), 3 classes; classification"
    ) in captured.err
    assert (
        "warning: 6 missing feature values (6 in 'petal size') are imputed"
    ) in captured.err
    assert float(_table_rows(captured.out)[0][4]) > 0.9


def test_a_number_column_with_a_typo_is_flagged(tmp_path):
    path = tmp_path / "typo.csv"
    path.write_text("a,b,y\n1,2,u\n2,x,v\n3,4,u\n4,5,v\n5,,u\n")
    data = load_csv(path)
    assert data.text_columns == [1]
    assert data.warnings[-1] == (
        "column 'b' is one-hot encoded as text because of 'x' on line 3, "
        "though 75% of its values are numbers"
    )


def test_missing_numbers_are_imputed_by_the_training_median(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,y\n1,10,x\n,20,y\n3,NaN,x\n5,40,y\n")
    data = load_csv(path)
    assert data.text_columns == [] and data.X.dtype == np.float64
    assert np.isnan(data.X[1, 0]) and np.isnan(data.X[2, 1])
    imputer = data.preprocessor().fit(data.X).named_transformers_["numbers"][0]
    np.testing.assert_array_equal(imputer.statistics_, [3, 20])
    assert data.warnings == [
        "2 missing feature values (1 in 'a', 1 in 'b') are imputed inside the "
        "pipeline: the training median in a numeric column, a category of its "
        "own in a text column"
    ]


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"sk-hillclimb {sk_hillclimb.__version__}\n"
