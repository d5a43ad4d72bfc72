"""Rendering: HTML maps and static images."""
