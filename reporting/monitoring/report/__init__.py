"""The contract monitoring report: every dashboard for a provider, a contract or all, as a PDF (docs §10)."""
