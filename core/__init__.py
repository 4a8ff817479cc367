"""The kernel beneath the apps: the period type, domain errors and what migrations share. It imports no app."""
