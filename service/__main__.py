"""``python -m service``: see :mod:`service.entrypoints.cli`."""

import sys

from service.entrypoints.cli import main

sys.exit(main())
