"""Work-share payroll: batches built from approved reports, exported once, as XLSX and CSV (docs §7, §10)."""
