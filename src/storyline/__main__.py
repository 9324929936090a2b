"""`python -m storyline`: the `storyline` command."""

import sys

from .cli import main

sys.exit(main())
