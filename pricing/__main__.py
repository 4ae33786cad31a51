"""`python -m pricing`: see pricing.cli."""

import sys

from pricing.cli import main

sys.exit(main())
