"""Label: a text in both languages, the one bilingual type of xlkpi, and how a cell's
text is compared with it (`normalise_label`: forgiving about width, case, spaces and a
trailing marker). Sheet names, header labels, choices and message words are all Labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

#: the two languages of every Label, workbook and message, and the one used when none is chosen
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_FULLWIDTH_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "％": "%", "　": " "})


def normalise_label(text: object) -> str:
    """Compare labels forgivingly: NFKC (full-width to half-width), case, spaces, a trailing
    '*' (required marker) or ':' and text in brackets after the label ("权重(%)")."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_FULLWIDTH_PUNCT)
    s = s.strip().rstrip("*:").strip()  # a marker after the brackets: "改分(±)*"
    s = re.sub(r"\(.*?\)$", "", s)
    s = s.strip().rstrip("*:").strip()
    return re.sub(r"\s+", " ", s).casefold()


@dataclass(frozen=True)
class Label:
    """A text in both languages: a sheet name, a header label, a message word."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        """The text in language `lang` ("zh", else English)."""
        return self.zh if lang == "zh" else self.en

    def spellings(self) -> tuple[str, ...]:
        """The texts a cell may hold to name this label (compared by `normalise_label`)."""
        return (self.zh, self.en)

    @cached_property  # a label is compared with many cells; its own texts are normalised once
    def _normalised(self) -> frozenset[str]:
        return frozenset(normalise_label(s) for s in self.spellings()) - {""}

    def matches(self, text: object) -> bool:
        """Whether a cell's text is this label, in either language (`normalise_label`)."""
        return normalise_label(text) in self._normalised
