"""Allow ``python -m generator``."""

import sys

# Before anything newer is imported: an old Python (the system's, outside the virtual
# environment) gets a plain message instead of a syntax or import error.
if sys.version_info < (3, 11):  # noqa: UP036
    version = ".".join(map(str, sys.version_info[:2]))
    print(f"error: Python 3.11 or newer is needed, this is {version}: activate the "
          "environment (. .venv/bin/activate) or run make serve / make test", file=sys.stderr)
    sys.exit(3)

from generator.cli import main

sys.exit(main())
