"""Monthly reports, validation, exports and payroll arrive with their issues; the app is wired from the start."""
