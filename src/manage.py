#!/usr/bin/env python
"""Django's command-line utility for bwmo (same as the `bwmo` console script)."""

from bwmo.__main__ import main

if __name__ == "__main__":
    main()
