"""Money against budget: volumes and cost by month, product, provider and ordering unit; budget use (docs §10)."""
