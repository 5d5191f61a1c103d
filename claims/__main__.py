import sys

from claims.core.cli import main

sys.exit(main())
