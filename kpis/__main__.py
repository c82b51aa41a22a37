"""`python -m kpis`: the command line."""

import gc
import sys

from kpis.cli import main
from kpis.cli.common import close_stores

code = main()
close_stores()
# The process ends here: the collector's last pass over every object still loaded (all of
# pandas and SQLAlchemy) costs a tenth of a second or more and frees nothing the operating
# system does not, now that the stores are closed.
gc.freeze()
sys.exit(code)
