"""auditor: audit how news articles are sourced."""

__version__ = "0.1.0"
