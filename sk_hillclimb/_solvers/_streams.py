"""Rows of random numbers, drawn ahead in blocks and read in order."""

import numpy as np

#: Numbers per block: few enough to stay in cache, many enough that the
#: generator is called once for many rounds on small networks.
BLOCK_VALUES = 2**14


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

    def peek(self, n):
        """The next ``n`` rows, without consuming them (a read-only view)."""
        if self._next + n > len(self._rows):
            self._refill(n)
        return self._rows[self._next : self._next + n]

    def take(self, n):
        """The next ``n`` rows, consumed (a read-only view)."""
        start = self._next
        if start + n > len(self._rows):
            self._refill(n)
            start = self._next
        self._next = start + n
        return self._rows[start : start + n]

    def get_state(self):
        """The position in the stream: a generator state and an offset.

        Builtins only (the state of a PCG64 generator is a dict of ints),
        so that a fitted estimator keeping it persists with skops.
        """
        block = self._next // self.block
        if block < len(self._states):
            return {"generator": self._states[block], "offset": self._next % self.block}
        return {"generator": self.generator.bit_generator.state, "offset": 0}

    def set_state(self, state):
        """Continue from a position :meth:`get_state` returned."""
        self.generator.bit_generator.state = state["generator"]
        self._rows = np.empty((0, self.width))
        self._states, self._next = [], 0
        offset = int(state["offset"])
        if offset:
            self._refill(offset)
            self._next = offset

    def _refill(self, n):
        """Drop the blocks read, draw blocks until ``n`` rows are unread."""
        first = self._next // self.block
        rows, states = self._rows[first * self.block :], self._states[first:]
        position = self._next - first * self.block
        blocks = [rows] if len(rows) else []
        available = len(rows)
        while available < position + n:
            # One call per block, so that each block starts at a state.
            states = states + [self.generator.bit_generator.state]
            blocks.append(self._draw((self.block, self.width)))
            available += self.block
        rows = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
        # Views handed out must never change under their holder's feet.
        rows.flags.writeable = False
        self._rows, self._states, self._next = rows, states, position

    def _draw(self, shape):
        if self.draw == "standard_normal":
            return self.generator.standard_normal(shape)
        if self.draw == "random":
            return self.generator.random(shape)
        return self.generator.uniform(-1.0, 1.0, shape)
