"""`python -m xltools ...` runs the command line."""

from xltools.cli import main

if __name__ == "__main__":  # not when worker processes are spawned (Windows, macOS) and import this module
    main()
