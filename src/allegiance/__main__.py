"""`python -m allegiance` runs the command line."""

from allegiance.cli.app import main

main()
