"""The scoring core: pure Python, no files, no Excel (see docs/architecture.md)."""
