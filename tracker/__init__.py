"""tracker: territorial control from dated, sourced reports."""
