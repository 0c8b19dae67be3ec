"""``python -m ghatna`` runs the command-line interface."""

from ghatna.cli.app import main

if __name__ == "__main__":
    main()
