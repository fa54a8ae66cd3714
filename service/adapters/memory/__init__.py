"""The in-memory store: a real adapter, for use-case tests and ``chat --memory``."""
