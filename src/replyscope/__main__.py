"""`python -m replyscope` runs the command line."""

from .cli import main

main()
