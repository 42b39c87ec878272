"""The assessment workbook: its layout (layout.py), reading it, writing results into it."""
