"""The one assessment scale, and how the documents' words map onto it."""
from __future__ import annotations

import unicodedata

# The normalised scale for a finished period, best first. Progress words during a term
# ("Đạt tiến độ", "Có nguy cơ") belong to dangbo.targets.
SCALE = ("Vượt", "Đạt", "Gần đạt", "Chưa đạt")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower().rstrip(".")
    return " ".join(text.split())


def normalize_assessment(published: str | None) -> str | None:
    """Map a published "Đánh giá" to the scale; None where nothing was published.

    "Đạt và vượt chỉ tiêu" counts as Vượt: the target was met and exceeded. The original words are
    always kept beside the normalised one.
    """
    if published is None or not published.strip():
        return None
    t = _fold(published)
    if t.startswith("gần đạt"):
        return "Gần đạt"
    if t.startswith("chưa đạt") or t.startswith("không đạt"):
        return "Chưa đạt"
    if t.startswith("vượt") or t.startswith("đạt và vượt"):
        return "Vượt"
    if t.startswith("đạt"):
        return "Đạt"
    raise ValueError(f"Không nhận ra cách đánh giá: {published!r}")
