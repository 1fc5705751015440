"""How many BLAS threads the training products get.

Training a network is a long run of BLAS products, each followed by
single-threaded numpy work on its output (activations, the loss). A second
BLAS thread speeds up the product only, costs a wake-up and a join per
call, and, when other processes share the cores, waits for a free one. So
what decides is the shape of each product actually issued: the rows of one
chunk of :meth:`TrainingProblem.losses
<sk_hillclimb._problem.TrainingProblem.losses>` or of one minibatch, never
the whole data's size. A fit pins BLAS to one thread unless its products
are large and deep, and restores the limits when it ends.
"""

# threadpoolctl is installed with scikit-learn, which requires it.
from threadpoolctl import ThreadpoolController

# The thresholds come from 1-against-2-thread timings of the calls a fit
# makes (TrainingProblem.losses on 40,000 rows and loss_and_gradient,
# tanh layers, threads interleaved, medians of 5 to 7 pairs; the Haswell
# and the native SkylakeX OpenBLAS kernels) on a 2-core machine. When it
# was nearly idle (load average about 3), two threads took 0.55 to 0.83
# times as long for the products below up to 4e9 multiply-adds. When
# other jobs wanted the cores (load average 8 to 15), a second thread
# waited for one, and two threads took, per run:
#   (16384, 20) @ (20, 16), the 1M x 20 (16,) hill climb's:  2.2 to 6.4x
#   256 inputs, 16 or 100 hidden units (6.7e7 per product): 0.86 to 3.5x
#   784 inputs, 100 hidden units (2e8 per product):         0.94 to 1.6x
#   3136 inputs, 16 hidden units (8e8 per product):         1.16 to 1.18x
#   minibatches of 5000 x 784 x 1024 (4e9 per product):     1.28x
#   minibatches of 10000 x 784 x 2048 or 4096 (1.6e10, 3.2e10): 1.06x, 0.96x
# A default must not lose where cores are shared: it keeps the second
# thread only from about 1e10 multiply-adds per product, where it did not
# lose even then, and gives up the gain an idle machine would have below.

#: Inner dimension (multiply-adds per output number) below which a product
#: stays on one thread: the single-threaded work on its outputs (a tanh
#: costs as much as a few dozen multiply-adds) outweighs what a second
#: thread saves.
MIN_DEPTH = 512
#: Multiply-adds below which a product stays on one thread.
MIN_PRODUCT = 1e10
#: Share of a pass's multiply-adds below which a product does not count
#: (an output layer of one unit, say): too little work to gain or lose.
MIN_SHARE = 0.1

_controller = None


class _NoLimit:
    def restore_original_limits(self):
        pass


def blas_threads(products):
    """BLAS threads for a run of products: one, or the current setting.

    The run keeps the current setting only if each of its products that
    carries at least :data:`MIN_SHARE` of its multiply-adds has an inner
    dimension of at least :data:`MIN_DEPTH` and at least
    :data:`MIN_PRODUCT` multiply-adds.

    Parameters
    ----------
    products : iterable of (int, int, int)
        Shapes ``(m, k, n)`` of the products ``(m, k) @ (k, n)`` of one
        pass, e.g. the layers of a forward pass over one chunk of rows.

    Returns
    -------
    threads : 1 or None
        ``None`` leaves BLAS as it is (all cores unless the user said
        otherwise).
    """
    products = [(m * k * n, k) for m, k, n in products]
    total = sum(size for size, _ in products)
    if total == 0:
        return 1
    for size, depth in products:
        if size >= MIN_SHARE * total and (size < MIN_PRODUCT or depth < MIN_DEPTH):
            return 1
    return None


def limit_blas_threads(threads):
    """Limit BLAS to ``threads`` threads until the limiter is restored.

    Parameters
    ----------
    threads : int or None
        What :func:`blas_threads` returned; ``None`` leaves BLAS alone.

    Returns
    -------
    limiter : object
        Call its ``restore_original_limits()`` when training ends.
    """
    global _controller
    if threads is None:
        return _NoLimit()
    if _controller is None:
        # Made on first use: it lists the BLAS libraries loaded by then.
        _controller = ThreadpoolController()
    return _controller.limit(limits=threads, user_api="blas")
