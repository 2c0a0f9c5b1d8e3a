"""``python -m reliability`` runs the command line."""

import sys

from reliability.cli import main

sys.exit(main())
