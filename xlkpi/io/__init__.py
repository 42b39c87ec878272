"""Reading and writing workbooks: files on disk and (in xlkpi.excel) the live book in Excel."""
