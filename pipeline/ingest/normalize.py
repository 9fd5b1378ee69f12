"""One text form that every character offset downstream refers to.

Kept as written: Chinese punctuation (，：；（）), traditional characters and
the wording. Changed: line endings become ``\\n``; Unicode NFC; full-width
Latin letters, digits and number signs become ASCII (``ＧＰＴ－３`` →
``GPT-3``, ``１５．３％`` → ``15.3%``) so one rule reads both; no-break and
ideographic spaces become plain spaces; zero-width and BOM characters go.
"""

from __future__ import annotations

import re
import unicodedata

_FULLWIDTH_ASCII = {
    cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_FULLWIDTH_ASCII.update({ord(c): ord(a) for c, a in zip("％．＋－／＝＆＠＃", "%.+-/=&@#", strict=True)})
_SPACES = {0x00A0: 0x20, 0x3000: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20}
_DROPPED = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])
_TABLE = {**_FULLWIDTH_ASCII, **_SPACES, **_DROPPED}
_LINE_ENDINGS = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` (idempotent)."""
    text = _LINE_ENDINGS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    return text.translate(_TABLE)
