"""The "Performance at scale" benchmark: `python -m benchmarks.run` (see benchmarks/README.md)."""
