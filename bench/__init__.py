"""Benchmarks: every executable file here is run by `make bench` (see README, "Benchmarks")."""
