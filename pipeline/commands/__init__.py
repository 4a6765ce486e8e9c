"""One module per `warta` command; each exposes `register(subparsers)`. Shared options: options.py."""
