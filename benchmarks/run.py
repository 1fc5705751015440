"""Benchmarks of sk_hillclimb against its references (issue 4).

Run ``python benchmarks/run.py`` (or ``make bench``). BLAS is pinned to one
thread, each case runs side by side with its reference in one process
(A B A B ..., ``--pairs`` pairs, at least 5) and the ratio reported is the
median of the per-pair ratios ours / reference, so that a slow spell of the
machine hits both sides alike. Results go to ``benchmarks/results/``
(``results.md``, and ``results.json``, which is committed); the tables and
figures of ``docs/benchmarks.rst`` are generated from ``results.json`` by
``benchmarks/report.py`` and ``benchmarks/figures.py``, which this script
calls after a run (``--no-docs``: not). ``--cases 2,3`` replaces the
saved rows of those cases only.

Cases:

1. hillclimb on the tutorial's MLP task (5-10-1 logistic, 670 rows, 1000
   iterations, step 0.1, log-loss) versus a plain numpy loop of the same
   algorithm and mlrose-ky's ``NeuralNetwork`` (optional: ``pip install
   .[bench]``);
2. sgd-backprop on digits versus ``MLPClassifier(solver="sgd")``;
3. tutorial 002's 7x7 grid (learning rate x L2, cv=3) with ``GridSearchCV``;
4. scale: hillclimb on 10k, 100k and 1M rows x 20 features, (16,) hidden;
5. evaluations per second for populations of 1, 8 and 64 candidates on
   digits against one matrix product of the same total size;
6. BLAS threads: the (16,) tanh hill climb of 10k, 100k and 1M rows x 20
   features with the threads sk_hillclimb chooses (BLAS otherwise left at
   one thread per core, as a user has it) against BLAS forced to one and
   to two threads; the only case not pinned to one thread.
7. the population solvers' evaluations per second: ``cmaes`` against
   pycma's ``CMAEvolutionStrategy`` (diagonal and full covariance) fed by
   the same batched numpy forward pass, ``genetic`` against mlrose-ky's
   genetic algorithm (both optional: ``pip install .[bench]``), and both
   against our ``hillclimb``; the ratio is ours / reference in time per
   evaluation.
"""

import os

# Before numpy is imported: one BLAS thread, for every library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

import numpy as np  # noqa: E402
import report  # noqa: E402
import sklearn  # noqa: E402
from case1 import CASE1_PARAMS, tutorial_task  # noqa: E402
from sklearn.datasets import load_digits, make_classification  # noqa: E402
from sklearn.model_selection import GridSearchCV, train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

import sk_hillclimb  # noqa: E402
from sk_hillclimb import HillClimbMLPClassifier  # noqa: E402
from sk_hillclimb._layout import Layout  # noqa: E402
from sk_hillclimb._objectives import OBJECTIVES  # noqa: E402
from sk_hillclimb._problem import TrainingProblem  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def side_by_side(ours, reference, pairs):
    """Run ours, reference, ours, reference, ...; times and median ratio."""
    t_ours, t_ref, ratios, out_ours, out_ref = [], [], [], None, None
    for _ in range(pairs):
        a, out_ours = timed(ours)
        b, out_ref = timed(reference)
        t_ours.append(a)
        t_ref.append(b)
        ratios.append(a / b)
    return {
        "ours_s": float(np.median(t_ours)),
        "reference_s": float(np.median(t_ref)),
        "ratio": float(np.median(ratios)),
        "ours_times": t_ours,
        "reference_times": t_ref,
        "out_ours": out_ours,
        "out_reference": out_ref,
    }


# -- case 1 -------------------------------------------------------------------


def numpy_hill_climb(X, y, hidden=10, n_iter=1000, step=0.1, seed=0):
    """The reference: the same hill climb, one candidate at a time."""
    rng = np.random.RandomState(seed)
    n_features = X.shape[1]
    n1 = n_features * hidden

    def loss(theta):
        W1 = theta[:n1].reshape(n_features, hidden)
        b1 = theta[n1 : n1 + hidden]
        W2 = theta[n1 + hidden : n1 + 2 * hidden]
        b2 = theta[-1]
        H = 1.0 / (1.0 + np.exp(-(X @ W1 + b1)))
        z = H @ W2 + b2
        return np.mean(np.logaddexp(0.0, z) - y * z)

    n_params = n1 + 2 * hidden + 1
    bound = np.sqrt(2.0 / (n_features + hidden))
    theta = rng.uniform(-bound, bound, n_params)
    f = loss(theta)
    for _ in range(n_iter):
        candidate = theta + step * rng.standard_normal(n_params)
        f_candidate = loss(candidate)
        if f_candidate <= f:
            theta, f = candidate, f_candidate
    return f


def case_hillclimb(pairs):
    X, y = tutorial_task()

    def ours():
        clf = HillClimbMLPClassifier(**CASE1_PARAMS, random_state=0).fit(X, y)
        return clf.loss_

    rows = []
    r = side_by_side(ours, lambda: numpy_hill_climb(X, y), pairs)
    rows.append(
        {
            "case": "1a hillclimb 5-10-1, 1000 it",
            "reference": "plain numpy loop",
            **r,
            "note": (
                f"{1000 / r['ours_s']:,.0f} vs {1000 / r['reference_s']:,.0f} it/s; "
                f"final loss {r['out_ours']:.3f} vs {r['out_reference']:.3f}"
            ),
        }
    )
    try:
        import mlrose_ky
    except ImportError:
        print("case 1b skipped: mlrose-ky is not installed (pip install .[bench])")
        rows.append(
            {
                "case": "1b hillclimb 5-10-1, 1000 it",
                "reference": "mlrose-ky (not installed: skipped)",
                "ratio": None,
            }
        )
        return rows

    def mlrose():
        net = mlrose_ky.NeuralNetwork(
            hidden_nodes=[10],
            activation="sigmoid",
            algorithm="random_hill_climb",
            max_iters=1000,
            max_attempts=1000,
            learning_rate=0.1,
            random_state=0,
        )
        net.fit(X, y)
        return net.loss

    r = side_by_side(ours, mlrose, pairs)
    rows.append(
        {
            "case": "1b hillclimb 5-10-1, 1000 it",
            "reference": f"mlrose-ky {version('mlrose-ky')} NeuralNetwork RHC",
            **r,
            "note": (
                f"{1000 / r['ours_s']:,.0f} vs {1000 / r['reference_s']:,.0f} it/s; "
                f"reference {1 / r['ratio']:.0f}x slower"
            ),
        }
    )
    return rows


# -- cases 2 and 3 ------------------------------------------------------------


def digits_split():
    digits = load_digits()
    return train_test_split(
        digits.data / 16.0, digits.target, test_size=0.2, random_state=0
    )


SGD_OURS = dict(
    hidden_layer_sizes=(50,),
    activation="logistic",
    solver="sgd-backprop",
    batch_size=100,
    learning_rate_init=0.1,
    momentum=0.0,
    max_iter=100,
    tol=None,
    random_state=0,
)
SGD_SKLEARN = dict(
    hidden_layer_sizes=(50,),
    activation="logistic",
    solver="sgd",
    batch_size=100,
    learning_rate_init=0.1,
    momentum=0.0,
    max_iter=100,
    # Never stop before max_iter, like tol=None above.
    n_iter_no_change=10**6,
    random_state=0,
)


def case_sgd(pairs):
    X_train, X_test, y_train, y_test = digits_split()

    def ours():
        return HillClimbMLPClassifier(**SGD_OURS).fit(X_train, y_train)

    def reference():
        return MLPClassifier(**SGD_SKLEARN).fit(X_train, y_train)

    r = side_by_side(ours, reference, pairs)
    acc = r["out_ours"].score(X_test, y_test)
    acc_ref = r["out_reference"].score(X_test, y_test)
    r["out_ours"], r["out_reference"] = acc, acc_ref
    return [
        {
            "case": "2 sgd-backprop digits, 100 epochs",
            "reference": "MLPClassifier(solver='sgd')",
            **r,
            "note": f"test accuracy {acc:.4f} vs {acc_ref:.4f}",
        }
    ]


def case_grid(pairs):
    X_train, _, y_train, _ = digits_split()
    grid_values = np.logspace(-5, 1, 7)

    def search(estimator):
        grid = {"learning_rate_init": grid_values, "alpha": grid_values}
        return GridSearchCV(estimator, grid, cv=3, n_jobs=1).fit(X_train, y_train)

    def ours():
        return search(HillClimbMLPClassifier(**SGD_OURS)).best_score_

    def reference():
        return search(MLPClassifier(**SGD_SKLEARN)).best_score_

    r = side_by_side(ours, reference, pairs)
    return [
        {
            "case": "3 7x7 grid, cv=3, digits",
            "reference": "GridSearchCV(MLPClassifier)",
            **r,
            "note": (
                f"best cv accuracy {r['out_ours']:.4f} vs {r['out_reference']:.4f}"
            ),
        }
    ]


# -- case 4 -------------------------------------------------------------------


def case_scale(pairs):
    rng = np.random.RandomState(0)
    sizes = [(10_000, 200), (100_000, 40), (1_000_000, 8)]
    setups = []
    for n, n_iter in sizes:
        X = rng.standard_normal((n, 20))
        y = (X[:, :5].sum(axis=1) + rng.standard_normal(n) > 0).astype(int)
        setups.append((n, n_iter, np.float64, X, y))
        if n == 1_000_000:
            setups.append((n, n_iter, np.float32, X.astype(np.float32), y))

    def fit(X, y, n_iter):
        # The step as when these figures were measured (fixed, absolute).
        return HillClimbMLPClassifier(
            (16,),
            "logistic",
            step_size=0.1,
            step_scale="absolute",
            step_adaptation=None,
            restart_patience=None,
            max_iter=n_iter,
            tol=None,
            random_state=0,
        ).fit(X, y)

    # No reference here: the sizes take turns, so that a slow spell of the
    # machine does not land on one size.
    # Per iteration: the best fit of 1 + n_iter iterations minus the best
    # fit of one, so that validation and setup (a pass over X, sorting the
    # labels) are not counted.
    ones = {id(s): [] for s in setups}
    fulls = {id(s): [] for s in setups}
    for _ in range(pairs):
        for setup in setups:
            n, n_iter, dtype, X, y = setup
            ones[id(setup)].append(timed(lambda: fit(X, y, 1))[0])  # noqa: B023
            full = timed(lambda: fit(X, y, 1 + n_iter))[0]  # noqa: B023
            fulls[id(setup)].append(full)
    times = {
        key: (min(fulls[key]) - min(ones[key])) / setup[1]
        for key, setup in ((id(s), s) for s in setups)
    }
    rows, per_iter = [], {}
    for setup in setups:
        n, n_iter, dtype, X, y = setup
        tracemalloc.start()
        fit(X, y, n_iter)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        seconds = float(times[id(setup)])
        per_iter[(n, dtype)] = seconds
        growth = ""
        if dtype is np.float64 and (n // 10, dtype) in per_iter:
            growth = f"; x{seconds / per_iter[(n // 10, dtype)]:.1f} for x10 rows"
        rows.append(
            {
                "case": f"4 hillclimb {n:,} x 20, {np.dtype(dtype).name}",
                "reference": "(none)",
                "ours_s": seconds,
                "reference_s": None,
                "ratio": None,
                "fit_1_times": ones[id(setup)],
                "fit_1_plus_n_times": fulls[id(setup)],
                "peak_bytes": peak,
                "x_bytes": X.nbytes,
                "note": (
                    f"{seconds * 1e3:.2f} ms/it = "
                    f"{seconds / n * 1e9:.0f} ns per row{growth}; peak memory "
                    f"{peak / 2**20:.0f} MiB = {peak / X.nbytes:.2f}x X"
                ),
            }
        )
    return rows


# -- case 5 -------------------------------------------------------------------


def case_population(pairs):
    digits = load_digits()
    X = digits.data / 16.0
    y = digits.target
    layout = Layout([64, 50, 10])
    problem = TrainingProblem(layout, X, y, OBJECTIVES["log_loss"], "logistic", 0.0)
    rng = np.random.RandomState(0)
    rows = []
    for size in (1, 8, 64):
        thetas = rng.uniform(-0.2, 0.2, (size, layout.n_params))
        W = rng.uniform(-0.2, 0.2, (64, 50 * size))
        repeat = max(1, 256 // size)

        def ours(thetas=thetas, repeat=repeat):
            for _ in range(repeat):
                problem.losses(thetas)

        def matmul(W=W, repeat=repeat):
            for _ in range(repeat):
                X @ W

        r = side_by_side(ours, matmul, pairs)
        rate = size * repeat / r["ours_s"]
        limit = size * repeat / r["reference_s"]
        rows.append(
            {
                "case": f"5 population {size}, digits 64-50-10",
                "reference": f"X @ W, W of 64 x {50 * size}",
                **r,
                "out_ours": None,
                "out_reference": None,
                "note": f"{rate:,.0f} evals/s; the matmul alone {limit:,.0f}/s",
            }
        )
    return rows


# -- case 6 -------------------------------------------------------------------


def seconds_per_iteration(fit):
    """Time per iteration of ``fit(callback)``, from its callback's clock.

    From the first callback to the last, so that validation, setup and the
    first evaluation are not counted.
    """
    stamps = []
    fit(lambda progress: stamps.append(time.perf_counter()))
    return (stamps[-1] - stamps[0]) / (len(stamps) - 1)


def blas_kernel():
    return next(m for m in threadpool_info() if m["user_api"] == "blas")


def case_threads(pairs):
    cores = os.cpu_count()
    # Each arm: BLAS threads set around the fit, and whether sk_hillclimb
    # may change them (its choice is switched off by making the problem
    # say "leave BLAS as it is").
    arms = {"default": (cores, True), "1 thread": (1, False), "2 threads": (2, False)}
    rows = []
    for n, n_iter in [(10_000, 200), (100_000, 40), (1_000_000, 8)]:
        X, y = make_classification(n, 20, n_informative=10, random_state=0)
        problem = TrainingProblem(
            Layout([20, 16, 1]), X, y, OBJECTIVES["log_loss"], "tanh", 0.0
        )

        def fit(callback, X=X, y=y, n_iter=n_iter):
            HillClimbMLPClassifier(
                (16,),
                "tanh",
                solver="hillclimb",
                max_iter=n_iter,
                tol=None,
                random_state=0,
                callback=callback,
            ).fit(X, y)

        times = {arm: [] for arm in arms}
        # Two threads suffer most when other processes want the cores.
        load = [os.getloadavg()[0]]
        # The arms take turns, in a rotating order, within each round.
        for round_ in range(pairs):
            order = list(arms)[round_ % 3 :] + list(arms)[: round_ % 3]
            for arm in order:
                threads, decides = arms[arm]
                with ExitStack() as stack:
                    stack.enter_context(threadpool_limits(threads, user_api="blas"))
                    if not decides:
                        stack.enter_context(
                            mock.patch.object(
                                TrainingProblem, "blas_threads", lambda *a, **k: None
                            )
                        )
                    times[arm].append(seconds_per_iteration(fit))
        load.append(os.getloadavg()[0])
        one = np.array(times["1 thread"])
        default = np.array(times["default"])
        two = np.array(times["2 threads"])
        choice = problem.blas_threads()
        rows.append(
            {
                "case": f"6 threads, hillclimb {n:,} x 20, (16,) tanh",
                "reference": "BLAS forced to 1 thread",
                "ours_s": float(np.median(default)),
                "reference_s": float(np.median(one)),
                "ratio": float(np.median(default / one)),
                "ours_times": times["default"],
                "reference_times": times["1 thread"],
                "two_threads_times": times["2 threads"],
                "note": (
                    f"per iteration; chosen: "
                    f"{'1 thread' if choice == 1 else f'{cores} threads'} "
                    f"(products {problem.blas_products()}); 2 threads "
                    f"{fmt_seconds(float(np.median(two)))}, "
                    f"2 threads / 1 thread {np.median(two / one):.2f}; "
                    f"BLAS kernel {blas_kernel()['architecture']}; load average "
                    f"{load[0]:.1f} to {load[1]:.1f}"
                ),
            }
        )
    return rows


# -- case 7 -------------------------------------------------------------------


def per_evaluation(ours, reference, pairs):
    """``side_by_side`` of two callables returning their evaluation counts.

    The ratio is the median over pairs of ours / reference in seconds per
    evaluation; ``out_*`` are the evaluations per second of the medians.
    """
    r = side_by_side(ours, reference, pairs)
    n_ours, n_ref = r["out_ours"], r["out_reference"]
    ratios = [
        (a / n_ours) / (b / n_ref)
        for a, b in zip(r["ours_times"], r["reference_times"])
    ]
    r["ratio"] = float(np.median(ratios))
    r["out_ours"] = n_ours / r["ours_s"]
    r["out_reference"] = n_ref / r["reference_s"]
    return r


def case_population_solvers(pairs):
    from sk_hillclimb._network import init_scale
    from sk_hillclimb._solvers import _cmaes

    X_digits, _, y_digits, _ = digits_split()
    X_tut, y_tut = tutorial_task()
    seconds_per_eval = "{:.3f} vs {:.3f} ms/eval"

    def ours(X, y, solver, max_evals, full=False, **params):
        def fit():
            limit = _cmaes.FULL_COVARIANCE_MAX_PARAMS
            if full:  # the full covariance on any network
                _cmaes.FULL_COVARIANCE_MAX_PARAMS = 10**9
            try:
                clf = HillClimbMLPClassifier(
                    solver=solver,
                    max_evals=max_evals,
                    max_iter=10**7,
                    tol=None,
                    random_state=0,
                    **params,
                ).fit(X, y)
            finally:
                _cmaes.FULL_COVARIANCE_MAX_PARAMS = limit
            return clf.n_evals_

        return fit

    digits_net = dict(hidden_layer_sizes=(16,), activation="tanh")
    tutorial_net = dict(hidden_layer_sizes=(10,), activation="logistic")
    rows = []

    def add(case, reference, r, note=""):
        rows.append(
            {
                "case": case,
                "reference": reference,
                **r,
                "note": (
                    f"{r['out_ours']:,.0f} vs {r['out_reference']:,.0f} evals/s; "
                    + seconds_per_eval.format(
                        1e3 / r["out_ours"], 1e3 / r["out_reference"]
                    )
                    + note
                ),
            }
        )

    evals = 3000
    for solver, params in (("cmaes", {}), ("genetic", {})):
        r = per_evaluation(
            ours(X_digits, y_digits, solver, evals, **digits_net, **params),
            ours(X_digits, y_digits, "hillclimb", evals, **digits_net),
            pairs,
        )
        add(f"7 {solver} digits 64-16-10, {evals} evals", "our hillclimb", r)

    try:
        import cma
    except ImportError:
        print(
            "case 7 pycma rows skipped: pycma is not installed (pip install .[bench])"
        )
        rows.append({"case": "7 cmaes", "reference": "pycma (not installed: skipped)"})
    else:
        layout = Layout([64, 16, 10])
        problem = TrainingProblem(
            layout, X_digits, y_digits, OBJECTIVES["log_loss"], "tanh", 0.0001
        )
        scale = init_scale(layout, "tanh")

        def pycma(diagonal, max_evals):
            def run():
                x0 = np.random.RandomState(0).uniform(-1, 1, len(scale)) * scale
                # The same units and start as ours: sigma0 in initialisation
                # scales.
                es = cma.CMAEvolutionStrategy(
                    x0,
                    _cmaes.CMAES.default_step_size,
                    {
                        "CMA_diagonal": diagonal,
                        "CMA_stds": scale,
                        "maxfevals": max_evals,
                        "seed": 1,
                        "verbose": -9,
                    },
                )
                n = 0
                while not es.stop():
                    candidates = es.ask()
                    losses = problem.losses(np.array(candidates))
                    es.tell(candidates, losses.tolist())
                    n += len(candidates)
                return n

            return run

        for diagonal, full, evals in ((True, False, 3000), (False, True, 1500)):
            r = per_evaluation(
                ours(X_digits, y_digits, "cmaes", evals, full=full, **digits_net),
                pycma(diagonal, evals),
                pairs,
            )
            kind = "diagonal" if diagonal else "full"
            add(
                f"7 cmaes ({'full' if full else 'default, separable'}) digits, "
                f"{evals} evals",
                f"pycma {cma.__version__} {kind}, batched numpy losses",
                r,
            )

    try:
        import mlrose_ky
    except ImportError:
        print("case 7 mlrose rows skipped: mlrose-ky is not installed")
        rows.append(
            {"case": "7 genetic", "reference": "mlrose-ky (not installed: skipped)"}
        )
        return rows

    def mlrose(X, y, hidden, activation, generations):
        targets = np.eye(10)[y] if len(np.unique(y)) > 2 else y

        def run():
            net = mlrose_ky.NeuralNetwork(
                hidden_nodes=[hidden],
                activation=activation,
                algorithm="genetic_alg",
                pop_size=50,
                mutation_prob=0.1,
                max_iters=generations,
                max_attempts=generations,
                curve=True,
                random_state=0,
            )
            net.fit(X, targets)
            return int(net.fitness_curve[-1][1])

        return run

    for name, X, y, net, ref_net, evals, generations in (
        ("digits 64-16-10", X_digits, y_digits, digits_net, (16, "tanh"), 2000, 10),
        ("tutorial 5-10-1", X_tut, y_tut, tutorial_net, (10, "sigmoid"), 5000, 20),
    ):
        r = per_evaluation(
            ours(X, y, "genetic", evals, population_size=50, **net),
            mlrose(X, y, *ref_net, generations),
            pairs,
        )
        add(
            f"7 genetic {name}, population 50",
            f"mlrose-ky {version('mlrose-ky')} genetic_alg, population 50",
            r,
            f"; reference {r['ratio'] ** -1:.1f}x slower per evaluation",
        )
    return rows


# -- output -------------------------------------------------------------------

CASES = {
    "1": case_hillclimb,
    "2": case_sgd,
    "3": case_grid,
    "4": case_scale,
    "5": case_population,
    "6": case_threads,
    "7": case_population_solvers,
}


def fmt_seconds(s):
    if s is None:
        return "-"
    return f"{s:.3f} s" if s >= 0.1 else f"{s * 1e3:.2f} ms"


COLUMNS = ("case", "ours", "reference", "time", "ours/ref (median)", "notes")


def cells(row):
    ratio = "-" if row.get("ratio") is None else f"{row['ratio']:.3f}"
    return (
        row["case"],
        fmt_seconds(row.get("ours_s")),
        row["reference"],
        fmt_seconds(row.get("reference_s")),
        ratio,
        row.get("note", ""),
    )


def table(rows):
    """The rows as a Markdown table, for the terminal and results.md."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "| --- " * len(COLUMNS) + "|"]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def with_saved_cases(path, rows, run):
    """This run's rows, and the saved rows of the cases it did not run.

    A run of some cases (``--cases 2,3``) replaces those cases only, so
    that the saved results, from which the benchmarks page is made, keep
    every case. Each row says which run measured it (``command``,
    ``header``, ``date``).
    """
    rows = [{**row, **run} for row in rows]
    ran = {report.case_number(row) for row in rows}
    if path.exists():
        saved = json.loads(path.read_text())
        before = {key: saved.get(key) for key in run}
        rows += [
            {**before, **row}
            for row in saved["rows"]
            if report.case_number(row) not in ran
        ]
    # Stable: each case's rows keep their order.
    rows.sort(key=lambda row: int(report.case_number(row)))
    return {**run, "rows": rows}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pairs", type=int, default=5, help="A/B pairs per case (default 5)"
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help="comma-separated cases to run (default: all)",
    )
    parser.add_argument(
        "--no-docs", action="store_true", help="do not update docs/benchmarks.rst"
    )
    args = parser.parse_args(argv)
    command = "python benchmarks/run.py " + " ".join(map(shlex.quote, argv or []))
    command = command.strip()
    warnings.simplefilter("ignore")
    rows = []
    started = time.perf_counter()
    with threadpool_limits(limits=1):
        for key in args.cases.split(","):
            case_start = time.perf_counter()
            new = CASES[key.strip()](args.pairs)
            print(
                f"case {key}: {time.perf_counter() - case_start:.0f} s", file=sys.stderr
            )
            print(table(new), file=sys.stderr)
            rows += new
    header = (
        f"sk_hillclimb {sk_hillclimb.__version__}, scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, BLAS pinned to 1 thread"
        f"{' (but in case 6)' if '6' in args.cases else ''}, "
        f"{args.pairs} pairs, total {time.perf_counter() - started:.0f} s"
    )
    text = f"{header}\n\n{table(rows)}"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "results.md").write_text(f"Command: `{command}`\n\n{text}\n")
    for row in rows:
        for key in ("out_ours", "out_reference"):
            if not isinstance(row.get(key), float | int | None):
                row.pop(key)
    run = {"command": command, "header": header, "date": time.strftime("%Y-%m-%d")}
    saved = with_saved_cases(RESULTS / "results.json", rows, run)
    (RESULTS / "results.json").write_text(json.dumps(saved, indent=2) + "\n")
    if not args.no_docs:
        report.main()


if __name__ == "__main__":
    main(sys.argv[1:])
