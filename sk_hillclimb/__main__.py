"""``python -m sk_hillclimb``: the demo, see :mod:`sk_hillclimb._demo`."""

import sys

from ._demo import main

sys.exit(main(prog="python -m sk_hillclimb"))
