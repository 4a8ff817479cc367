"""Completeness and timeliness of the monthly reports: the provider × month matrix and its rates (SPEC §8, §10)."""
