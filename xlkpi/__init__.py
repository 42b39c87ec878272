"""xlkpi: performance assessment computed inside the workbooks HR already uses."""

__version__ = "0.1.0"
