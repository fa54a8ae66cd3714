"""``python -m nlu``: see :mod:`nlu.cli`."""

import sys

from nlu.cli import main

sys.exit(main())
