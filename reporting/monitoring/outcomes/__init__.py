"""Outcomes over time next to cost: goal attainment, quality of life, employment paths (SPEC §5, §6, §10)."""
