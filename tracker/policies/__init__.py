"""Policies for conflicting claims, as TOML files."""
