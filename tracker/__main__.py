"""`python -m tracker`: the command line."""

from .cli import main

main()
