"""Curated geodata tables (manifest, aliases, corrections), loaded as package data."""
