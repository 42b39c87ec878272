"""`python -m xlkpi`: the same command as the `xlkpi` console script."""

import sys

from xlkpi.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
