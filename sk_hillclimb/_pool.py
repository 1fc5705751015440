"""Threads that score a population: ``n_jobs`` of the derivative-free solvers.

:meth:`TrainingProblem.losses <sk_hillclimb._problem.TrainingProblem.losses>`
cuts its work into fixed row chunks and slices of candidates; a
:class:`ScoringPool` runs those parts on several threads (numpy releases
the GIL in its products and ufuncs) and hands back their results in the
order of the parts, so that the per-chunk sums are added in one fixed
order whatever the number of threads: the losses, and so the fitted
weights, are the same bits for every ``n_jobs``. BLAS stays on one thread
per worker (the training loop pins it, see :mod:`._threads`): the threads
here take its place.

The population solvers run their own per-generation work on the same
threads, between scoring calls (:meth:`ScoringPool.map_rows`): rows of
children (``"genetic"``) and of candidates (``"cmaes"``), each computed
elementwise from its own row of draws, so that slices of rows give the
same bits; blocks of a stream of U[0, 1) numbers, each drawn from the
generator's state advanced to the block's start; and the next
generation's N(0, 1) numbers of ``"cmaes"``, which cannot be split so,
drawn whole on a worker (:meth:`ScoringPool.submit`) while the calling
thread updates the search (see
:class:`~sk_hillclimb._solvers._streams.RandomRows`). Products whose
rounding could depend on a slice (BLAS's) stay whole, in the calling
thread.
"""

import os
from concurrent.futures import ThreadPoolExecutor, wait

import joblib
from joblib.parallel import get_active_backend

#: Multiply-adds (of the layers' products, per call) a thread must get for
#: a call to use it: a part handed to a worker thread costs a wake-up and a
#: join, which small calls do not pay back. ``benchmarks/threads.py
#: --calls`` times one ``losses`` call on 2 threads against 1 (1-thread
#: time over 2-thread time, best of 30 calls). On 2 cores at a load
#: average of 6 to 7 (a second thread often waited for a core), a 4-100-3
#: relu network on 112 rows gave 0.29 to 0.66 up to 1.25e6 multiply-adds a
#: call, 0.91 at 2.5e6 and 0.93 at 5e6 (a first version of that timing at
#: a load average of 5: 0.30 to 0.65, 0.90, 1.03); 64-16-10 and 64-100-10
#: networks on 1,347 rows 0.71 to 0.96 up to 2.6e7 and 0.82 to 1.35 above.
#: The bar is where the small network broke even, 2.5e6 a thread (5e6 a
#: call on two threads): below it, the second thread only lost. On an
#: idle machine (load average 0.8, benchmarks/results/calls.json) the same
#: call broke even lower, between 1.25e6 (0.69) and 2.5e6 (1.12) a call,
#: and gained 1.28 at 5e6: the bar gives up a little there, for little
#: loss on a busy machine.
MIN_WORK_PER_THREAD = 2_500_000
#: Numbers a thread must get of a solver's elementwise work on rows of
#: candidates (:meth:`ScoringPool.map_rows`), each worth one pass of a
#: ufunc over one float64 (a fraction of a nanosecond). Handing a slice to
#: a worker thread cost 40 to 60 microseconds on 2 cores at a load average
#: of 1: a two-pass elementwise sum of 262,144 numbers took 95
#: microseconds on one thread as on two (131,072 numbers of two passes,
#: 2**18, a thread). The bar is twice that: every hand-over risks waiting
#: for a busy core.
MIN_VALUES_PER_THREAD = 2**19


def available_cores():
    """The cores ``n_jobs=-1`` means: joblib's count, capped by its workers' share.

    joblib's process workers (``GridSearchCV(n_jobs=k)``,
    ``cross_val_score(n_jobs=k)``) are started with ``OMP_NUM_THREADS``
    set to their share of the cores (``cpu_count() // k``, or
    ``parallel_config(inner_max_num_threads=...)``); a user may set it too.
    Honouring it keeps ``k`` fits from running ``k x cores`` threads.
    """
    cores = joblib.cpu_count()
    limit = os.environ.get("OMP_NUM_THREADS", "").split(",")[0].strip()
    if limit.isdigit() and int(limit) > 0:
        cores = min(cores, int(limit))
    return cores


def effective_threads(n_jobs):
    """Threads for ``n_jobs``, with scikit-learn's meaning.

    Parameters
    ----------
    n_jobs : int or None
        ``None`` means 1 unless inside a ``joblib.parallel_config(n_jobs=...)``
        context, whose value then counts; a negative value ``-k`` means
        all :func:`available_cores` but ``k - 1``, at least 1.

    Returns
    -------
    threads : int
        At least 1.
    """
    if n_jobs is None:
        n_jobs = get_active_backend()[1]
        if n_jobs is None:
            return 1
    if n_jobs < 0:
        return max(available_cores() + 1 + n_jobs, 1)
    return max(int(n_jobs), 1)


class ScoringPool:
    """Up to ``threads`` threads (the caller's included) for scoring parts.

    The worker threads are started on first use and stopped by
    :meth:`close` (a fit closes its pool when training ends).

    Parameters
    ----------
    threads : int
        Most threads a call runs on, the calling thread included.
    """

    def __init__(self, threads=1):
        self.threads = threads
        self._executor = None

    def map(self, work, slots):
        """Run ``work(slot, parts)`` for every slot at once: the first in the
        calling thread, the others on the worker threads.

        Parameters
        ----------
        work : callable
            ``work(slot, parts)``: processes a list of parts; ``slot`` (0 to
            ``len(slots) - 1``) names the thread's own scratch buffers.
        slots : list of list
            The parts of each thread; the first list runs in the caller.

        Returns
        -------
        results : list
            ``work``'s result for each slot, in the order of ``slots``.
        """
        if len(slots) == 1:
            return [work(0, slots[0])]
        futures = [
            self._workers().submit(work, slot, parts)
            for slot, parts in enumerate(slots[1:], start=1)
        ]
        try:
            first = work(0, slots[0])
        finally:
            # The parts write into the caller's arrays: none may still run
            # when it goes on, even after an error.
            wait(futures)
        return [first, *(f.result() for f in futures)]

    def submit(self, work):
        """Start ``work()`` on a worker thread; its future.

        For work the caller needs later (drawing ahead), on a pool of
        at least two threads. A :meth:`map` started meanwhile waits for a
        free worker.
        """
        return self._workers().submit(work)

    def _workers(self):
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                self.threads - 1, thread_name_prefix="sk_hillclimb"
            )
        return self._executor

    def map_rows(self, work, rows, row_values):
        """Run ``work(rows_slice)`` on contiguous slices of ``range(rows)``.

        For a solver's elementwise work on the rows of a population: each
        row's numbers depend on that row's inputs only, so the slices give
        the same bits on any number of threads.

        Parameters
        ----------
        work : callable
            ``work(rows_slice)``, given a :class:`slice` of the rows.
        rows : int
            Rows of the work.
        row_values : float
            The work of one row, in the units of
            :data:`MIN_VALUES_PER_THREAD`: fewer threads run when a thread
            would get less than that.
        """
        slots = self.row_slices(rows, row_values)
        self.map(lambda slot, parts: work(parts[0]), slots)

    def row_slices(self, rows, row_values):
        """The slots of :meth:`map_rows`: one slice of the rows per thread.

        Returns
        -------
        slots : list of list of slice
            As :meth:`map` takes them: one ``[slice]`` per thread, in order.
        """
        threads = min(self.threads, rows, rows * row_values // MIN_VALUES_PER_THREAD)
        threads = max(int(threads), 1)
        bounds = [rows * k // threads for k in range(threads + 1)]
        return [[slice(a, b)] for a, b in zip(bounds, bounds[1:])]

    def close(self):
        """Stop the worker threads (a later call starts them again)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def __getstate__(self):
        # Threads do not pickle; a copy starts its own on first use.
        return {"threads": self.threads, "_executor": None}


def split_parts(costs, threads):
    """Contiguous runs of parts, one per thread, of about equal cost.

    Parameters
    ----------
    costs : list of float
        Cost of each part, in order.
    threads : int

    Returns
    -------
    runs : list of range
        Indices of each thread's parts; no run is empty, and there are at
        most ``threads`` of them.
    """
    total = float(sum(costs))
    runs, start, done = [], 0, 0.0
    for i, cost in enumerate(costs[:-1]):
        done += cost
        # A run ends at the boundary nearest its share of the whole: before
        # the next part if the share falls in that part's first half: 100,000
        # rows (six chunks of 16,384 and one of 1,696) split 49,152 +
        # 50,848, where cutting after the share split 65,536 + 34,464.
        share = total * (len(runs) + 1) / threads
        if done + costs[i + 1] / 2 >= share and len(runs) < threads - 1:
            runs.append(range(start, i + 1))
            start = i + 1
    if start < len(costs):
        runs.append(range(start, len(costs)))
    return runs
