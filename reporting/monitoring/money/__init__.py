"""Money against budget: volumes and cost by month, product, provider and ordering unit; budget use (SPEC §10)."""
