"""Event mappings for `tracker import-events` (TOML files: columns, sides, rules)."""
