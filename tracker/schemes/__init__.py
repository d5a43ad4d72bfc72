"""Status schemes as TOML files."""
