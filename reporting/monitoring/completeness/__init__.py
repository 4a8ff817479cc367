"""Completeness and timeliness of the monthly reports: the provider × month matrix and its rates (docs §8, §10)."""
