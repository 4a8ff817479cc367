"""Work-share payroll: batches built from approved reports, exported once, as XLSX and CSV (SPEC §7, §10)."""
