"""Prakerja Console: the terminal console that operates the Kartu Prakerja programme."""

__version__ = "0.1.0"
