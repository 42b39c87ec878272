"""Every word the scorecards, packs and `xlkpi send` show, in Chinese and English (kept in
the message catalog xlkpi/words/delivery.toml)."""

from __future__ import annotations

from xlkpi import words

CARD = words.table("delivery", "card")

PACK = words.table("delivery", "pack")

SCOPE_WORDS = words.table("delivery", "scope_words")
