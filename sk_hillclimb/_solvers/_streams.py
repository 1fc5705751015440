"""Rows of random numbers, drawn ahead in blocks and read in order."""

import numpy as np

from .. import _pool

#: Numbers per block: few enough to stay in cache, many enough that the
#: generator is called once for many rounds on small networks.
BLOCK_VALUES = 2**14
#: What drawing a number costs, in passes of a ufunc over a number (the
#: units of :data:`~sk_hillclimb._pool.MIN_VALUES_PER_THREAD`): 225,300
#: U[0, 1) numbers took 0.49 ms on one thread, N(0, 1) ones 2.06 ms.
_DRAW_VALUES = {"random": 4, "uniform": 4, "standard_normal": 16}


def generator(seed_sequence):
    """A PCG64 generator: its state is two integers, cheap to copy."""
    return np.random.Generator(np.random.PCG64(seed_sequence))


class RandomRows:
    """A stream of random rows of one width, from a generator of its own.

    A generator fills rows the same way whether it is asked for one row at
    a time or a block at once (each number is drawn independently of the
    request's shape), so drawing ahead changes no value: ``take(1)`` twice
    returns what ``take(2)`` would. Because the stream owns its generator,
    nothing else's draws interleave with its own, and the ``k``-th row is
    the same whenever and however it is read. That makes the rows of
    future rounds known now (:meth:`peek`), which is what a solver needs to
    plan rounds ahead (see :mod:`sk_hillclimb._speculative`).

    Parameters
    ----------
    generator : numpy.random.Generator
        Used by this stream only.
    width : int
        Numbers per row.
    draw : {"standard_normal", "random", "uniform"}
        Distribution: N(0, 1), U[0, 1) or U[-1, 1).
    """

    def __init__(self, generator, width, draw="standard_normal"):
        self.generator = generator
        self.width = width
        self.draw = draw
        self.block = max(1, BLOCK_VALUES // max(width, 1))
        self._rows = np.empty((0, width))
        # The generator's state before each block of _rows: a position in
        # the stream is a state and an offset (see get_state).
        self._states = []
        self._next = 0
        # Generators of the threads that draw ahead (see _fill_ahead).
        self._helpers = []
        # Blocks being drawn on a worker thread (see draw_ahead).
        self._pending = None

    def peek(self, n, pool=None):
        """The next ``n`` rows, without consuming them (a read-only view).

        ``pool`` (a :class:`~sk_hillclimb._pool.ScoringPool`) may draw
        new blocks of a ``"random"`` stream on several threads: the same
        numbers.
        """
        self._settle()
        if self._next + n > len(self._rows):
            self._refill(n, pool)
        return self._rows[self._next : self._next + n]

    def take(self, n, pool=None):
        """The next ``n`` rows, consumed (a read-only view); see :meth:`peek`."""
        self._settle()
        start = self._next
        if start + n > len(self._rows):
            self._refill(n, pool)
            start = self._next
        self._next = start + n
        return self._rows[start : start + n]

    def get_state(self):
        """The position in the stream: a generator state and an offset.

        Builtins only (the state of a PCG64 generator is a dict of ints),
        so that a fitted estimator keeping it persists with skops.
        """
        self._settle()
        block = self._next // self.block
        if block < len(self._states):
            return {"generator": self._states[block], "offset": self._next % self.block}
        return {"generator": self.generator.bit_generator.state, "offset": 0}

    def set_state(self, state):
        """Continue from a position :meth:`get_state` returned."""
        self._settle()
        self.generator.bit_generator.state = state["generator"]
        self._rows = np.empty((0, self.width))
        self._states, self._next = [], 0
        offset = int(state["offset"])
        if offset:
            self._refill(offset)
            self._next = offset

    def draw_ahead(self, n, pool):
        """Start drawing the blocks a :meth:`peek` of ``n`` rows will need.

        On a worker thread of ``pool``, while the caller does other work;
        the next call of any method waits for it and finds the rows drawn.
        The same numbers as drawing them then. Nothing happens on a pool of
        one thread, for fewer numbers than are worth a thread (see
        :data:`~sk_hillclimb._pool.MIN_VALUES_PER_THREAD`), or when the
        rows are already drawn.
        """
        self._settle()
        # Worth a worker's wake-up only for enough numbers.
        work = _DRAW_VALUES[self.draw] * n * self.width
        if (
            pool.threads > 1
            and work >= _pool.MIN_VALUES_PER_THREAD
            and self._next + n > len(self._rows)
        ):
            rows, fresh, first, position = self._new_rows(n)
            future = pool.submit(lambda: self._draw_blocks(fresh))
            self._pending = future, rows, first, position

    def _settle(self):
        """Wait for the blocks :meth:`draw_ahead` started, and keep them."""
        if self._pending is not None:
            future, rows, first, position = self._pending
            self._pending = None
            self._keep(rows, first, position, future.result())

    def _refill(self, n, pool=None):
        """Drop the blocks read, draw blocks until ``n`` rows are unread."""
        rows, fresh, first, position = self._new_rows(n)
        slots = [[slice(0, len(fresh))]]
        if self.draw == "random" and pool is not None:
            slots = pool.row_slices(len(fresh), _DRAW_VALUES["random"] * fresh[0].size)
        if len(slots) > 1:
            states = self._fill_ahead(fresh, pool, slots)
        else:
            states = self._draw_blocks(fresh)
        self._keep(rows, first, position, states)

    def _new_rows(self, n):
        """The unread blocks' rows followed by room for new blocks.

        Returns the rows, a ``(blocks, block, width)`` view of the room,
        the index of the first block kept and the position of the next
        row in the new rows.
        """
        first = self._next // self.block
        kept = self._rows[first * self.block :]
        position = self._next - first * self.block
        count = -(-(position + n - len(kept)) // self.block)
        # Drawn in place: concatenating blocks copied every row once more.
        rows = np.empty((len(kept) + count * self.block, self.width))
        rows[: len(kept)] = kept
        fresh = rows[len(kept) :].reshape(count, self.block, self.width)
        return rows, fresh, first, position

    def _keep(self, rows, first, position, states):
        """Make ``rows`` (from :meth:`_new_rows`) the stream's rows."""
        # Views handed out must never change under their holder's feet.
        rows.flags.writeable = False
        self._rows, self._states = rows, self._states[first:] + states
        self._next = position

    def _draw_blocks(self, blocks):
        """Fill ``blocks`` in order; the generator's state before each."""
        states = []
        for block in blocks:
            # One call per block, so that each block starts at a state.
            states.append(self.generator.bit_generator.state)
            self._draw(block)
        return states

    def _fill_ahead(self, blocks, pool, slots):
        """Fill ``blocks`` of U[0, 1) numbers on the pool's threads.

        PCG64 spends one 64-bit output on each double of ``random``, so
        the state before a block is the current one advanced by the
        numbers before it: each thread jumps to its blocks and draws the
        very numbers one thread would. Returns the state before each block.
        """
        size = blocks[0].size
        bit_generator = self.generator.bit_generator
        states = [bit_generator.state]
        for _ in blocks:
            # advance() clears the buffered 32-bit half, which drawing
            # doubles never sets: the very dict drawing would leave.
            states.append(bit_generator.advance(size).state)
        while len(self._helpers) < len(slots):
            self._helpers.append(generator(np.random.SeedSequence(0)))

        def fill(slot, parts):
            helper, run = self._helpers[slot], parts[0]
            helper.bit_generator.state = states[run.start]
            helper.random(out=blocks[run].reshape(-1, self.width))

        pool.map(fill, slots)
        return states[:-1]

    def _draw(self, out):
        """Fill ``out`` with the stream's next numbers."""
        if self.draw == "standard_normal":
            self.generator.standard_normal(out=out)
        elif self.draw == "random":
            self.generator.random(out=out)
        else:
            # uniform() takes no out: drawn, then copied.
            out[...] = self.generator.uniform(-1.0, 1.0, out.shape)
