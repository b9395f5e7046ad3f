"""Benchmark suite of the partnership hub: scale data, load tests, scaling curves, page weight.

See bench/README.md. Nothing here is imported by the application.
"""
