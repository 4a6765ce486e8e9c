"""`python -m pipeline` is the `warta` command."""
import sys

from pipeline.cli import main

sys.exit(main())
