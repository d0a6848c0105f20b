"""`python -m sandbox` is `flow-sandbox`."""

from sandbox.cli import main

main()
