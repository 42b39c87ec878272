"""One module per kind of sheet; each exposes `write(book)` over a `build.Book`."""
