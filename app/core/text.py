"""Text folding shared by everything that matches what people type against what we store."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    """Lower-case ASCII words separated by single spaces: "Đăng ký khai sinh" → "dang ky khai sinh".

    Unicode decomposition drops the tone and vowel marks, but đ is a letter of its own, not d with a
    mark, so it is mapped by hand.
    """
    if not text:
        return ""
    text = text.lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def words(text: str | None) -> list[str]:
    return fold(text).split()


def masked_name(full_name: str) -> str:
    """A name shown to the public: each word's first letter, the rest starred ("Nguyễn Thị Lan" → "N***** T** L**")."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in full_name.split())


def ascii_text(text: str, limit: int = 255) -> str:
    """Text for channels that take plain ASCII only (VNPay's vnp_OrderInfo, SMS): "Phí hồ sơ Đăng ký" → "Phi ho so Dang ky"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9 .,:/_-]", " ", text)
    return " ".join(text.split())[:limit]
