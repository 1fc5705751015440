"""How many BLAS threads the training products get.

Training a small network is a long run of small products: on such sizes a
multithreaded BLAS spends more time waking and joining its threads than
computing (hill climbing on digits with a (16,) network ran 2.2 times
faster on one thread than on two here), while large products do gain from
threads. A fit therefore pins BLAS to one thread when each product is
small, and leaves it alone otherwise.
"""

# threadpoolctl is installed with scikit-learn, which requires it.
from threadpoolctl import ThreadpoolController

#: Multiply-adds per product (rows x parameters) below which BLAS runs on
#: one thread. Measured here: 1.7e6 (digits, 16 units) is 2.2x faster on
#: one thread, 3.5e7 (100k x 20, 16 units) the same, 1.6e9 (20k x 784,
#: 100 units) 1.6x slower.
SMALL_PRODUCT = 2e7

_controller = None


class _NoLimit:
    def restore_original_limits(self):
        pass


def limit_blas_threads(rows, n_params):
    """Pin BLAS to one thread if a product of this size is small.

    Parameters
    ----------
    rows : int
        Rows of ``X`` in one product (all samples, or one minibatch).
    n_params : int
        Parameters of one network.

    Returns
    -------
    limiter : object
        Call its ``restore_original_limits()`` when training ends.
    """
    global _controller
    if rows * n_params >= SMALL_PRODUCT:
        return _NoLimit()
    if _controller is None:
        # Made on first use: it lists the BLAS libraries loaded by then.
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
