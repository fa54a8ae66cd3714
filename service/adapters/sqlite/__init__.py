"""The embedded SQLite store (the default, and what tests and ``make run`` use)."""
