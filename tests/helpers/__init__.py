"""Helpers shared by the test suites (LibreOffice headless, ...)."""
