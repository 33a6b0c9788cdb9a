"""Allow ``python -m yuqing``."""

import sys

from yuqing.cli import main

sys.exit(main())
