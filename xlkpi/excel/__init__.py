"""xlkpi inside Excel: the live workbook as a BookReader/BookWriter (`book`), the Calculate
button (`desktop`, `vba`), worksheet functions (`udfs`). Importing this package needs
nothing beyond the core; xlwings is imported only by the modules that talk to Excel.
"""
