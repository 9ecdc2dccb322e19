"""Reproducible speed and scale runs: ``python -m benchmarks [--quick] [--applicants N]``."""
