"""Bundled example report files."""
