"""Outcomes over time next to cost: goal attainment, quality of life, employment paths (docs §5, §6, §10)."""
