"""``python -m opengov``: the ``opengov`` command line."""

import sys

from opengov.cli import main

sys.exit(main())
