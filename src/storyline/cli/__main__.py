"""`python -m storyline.cli`: the `storyline` command."""

import sys

from .main import main

sys.exit(main())
