"""How dates are written and how Vietnamese text is compared without its diacritics, in one place."""

import datetime
import unicodedata

DATE_FORMAT = "%d/%m/%Y"  # 30/06/2025: how a date is shown, exported and typed


def short_date(day: datetime.date | None) -> str:
    """'30/06/2025' (nothing for no date)."""
    return day.strftime(DATE_FORMAT) if day else ""


def ascii_fold(text: str) -> str:
    """Lower case without diacritics, đ as d, everything else kept: "Đặng Xá (Gia Lâm)" -> "dang xa (gia lam)"."""
    if text.isascii():  # nothing to take off (codes, numbers, dates): the same result without a pass per character
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
