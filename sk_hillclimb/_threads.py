"""How many BLAS threads the training products get.

Training a network is a long run of BLAS products, each followed by
single-threaded numpy work on its output (activations, the loss). A second
BLAS thread speeds up the product only, and costs a wake-up and a join per
call; when other processes share the cores it may also wait for one. So
what decides is the shape of each product actually issued (the rows of
one chunk or minibatch, not of the whole data): threads pay only for
products that are both large and deep (many multiply-adds per number they
output). A fit pins BLAS to one thread unless its products are such, and
restores the limits when it ends.
"""

# threadpoolctl is installed with scikit-learn, which requires it.
from threadpoolctl import ThreadpoolController

#: Multiply-adds per output number below which a run of products stays on
#: one thread: under it the single-threaded work on the outputs (a tanh
#: costs as much as a few dozen multiply-adds) outweighs what a second
#: thread saves on the products.
MIN_DEPTH = 512
#: Multiply-adds of the largest product below which the wake-up and join
#: of a second thread cost more than it saves.
MIN_PRODUCT = 2e8

_controller = None


class _NoLimit:
    def restore_original_limits(self):
        pass


def blas_threads(products):
    """BLAS threads for a run of products: one, or the current setting.

    The run stays on one thread unless it has at least :data:`MIN_DEPTH`
    multiply-adds per output number and its largest product at least
    :data:`MIN_PRODUCT` multiply-adds: the measured points from which two
    threads are faster (see the constants). Small products next to a large
    one cost no thread overhead (BLAS runs them on one thread itself).

    Parameters
    ----------
    products : iterable of (int, int, int)
        Shapes ``(m, k, n)`` of the products ``(m, k) @ (k, n)`` issued
        between two stretches of other work, e.g. the layers of one
        forward pass over one chunk of rows.

    Returns
    -------
    threads : 1 or None
        ``None`` leaves BLAS as it is (all cores unless the user said
        otherwise).
    """
    sizes = [(m * k * n, m * n) for m, k, n in products]
    if not sizes:
        return 1
    multiply_adds = sum(size for size, _ in sizes)
    outputs = sum(out for _, out in sizes)
    deep = multiply_adds >= MIN_DEPTH * outputs
    return None if deep and max(sizes)[0] >= MIN_PRODUCT else 1


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
