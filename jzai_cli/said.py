"""A sentence in both languages, for a problem of the input (`i18n.Said`).

Kept free of imports so that the lowest modules (`money`) can tell their
problems in both languages too.
"""

from __future__ import annotations


class Said(str):
    """A sentence in both languages. As a `str` it is the form bad input is
    told in under zh — the Chinese, then the English in brackets — so every
    reader and writer of `Problem.message` keeps working; `.en` is the English
    alone, for --lang en. `both`, when given, is the form under zh instead
    (a list that follows the sentence, shown once after both languages)."""

    zh: str
    en: str

    def __new__(cls, zh: str, en: str, both: str | None = None) -> Said:
        said = super().__new__(cls, both if both is not None else f"{zh} ({en})" if en and en != zh else zh)
        said.zh, said.en = zh, en
        return said

    def __getnewargs__(self) -> tuple[str, str, str]:  # type: ignore[override]  # all three forms, pickled to the batch's workers
        return (self.zh, self.en, str(self))

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else str(self)
