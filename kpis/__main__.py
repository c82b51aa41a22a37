"""`python -m kpis`: the command line."""

import sys

from kpis.cli import main

sys.exit(main())
