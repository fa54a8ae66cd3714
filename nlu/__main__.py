"""``python -m nlu``: see :mod:`nlu.cli`."""

import os
import sys

from nlu.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
