"""Builders and readers shared by several test files (each test file imports from here, not from another)."""
