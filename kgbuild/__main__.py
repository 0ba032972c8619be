"""``python -m kgbuild``: the command line."""

from .cli import main

raise SystemExit(main())
