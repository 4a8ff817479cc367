"""Anomalies a person should look at: one row per case, each with a link to its order, report or client."""
