"""The start page: counters of what waits for the user, across the apps (above the domain apps)."""
