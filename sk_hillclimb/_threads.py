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

#: Inner dimension (multiply-adds per output number) below which a product
#: stays on one thread: the work on its outputs (a tanh costs as much as a
#: few dozen multiply-adds) and the join outweigh what a second thread
#: saves. Measured here: (16384, 20) @ (20, 16), the 1M x 20 (16,) hill
#: climb's, ran 2.4 to 5 times slower on two threads; at 256 two threads
#: were 0.9 to 2 times the time of one, at 784 and above 0.87 to 1.0.
MIN_DEPTH = 512
#: Multiply-adds below which a product stays on one thread: minibatches of
#: 200 to 1000 rows ran 1.1 to 100 times slower on two threads, even at a
#: depth of 784.
MIN_PRODUCT = 1e8
#: Share of a run's multiply-adds below which a product does not count
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
