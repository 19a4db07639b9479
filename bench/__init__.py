"""Benchmarks (not tests): each script prints its figures and writes bench/out/<name>.json."""
