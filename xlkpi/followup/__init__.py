"""After the results: interviews and improvement plans, appeals on China's working-day
calendar, 360° ratings and the change log every Calculate keeps (docs/after-results.md).

`run.prepare / review / blocks` are what `workbook.calculate` calls; the other modules
hold one concept each.
"""
