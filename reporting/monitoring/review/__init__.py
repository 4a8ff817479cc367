"""The review queue and one report's review page: submitted reports waiting for a contract monitor (docs §8)."""
