"""Text as shown to a person, in a report or on a terminal: what could change how the rest
reads is written out instead.

File names, titles and quotes come from the documents, so they may hold
characters that act instead of showing: a terminal escape (``\\x1b[2J`` clears
the screen, ``\\x1b]8;;…`` makes a link), a right-to-left override
(``rej_\\u202egnp.evil.txt`` shows as ``rej_txt.live.png``) or another bidi
control that reverses what follows. Every edge that shows such text (the HTML
and Markdown reports, ``recon``'s terminal output, Prefect artifacts) passes it
through :func:`visible`, which writes each of them as its escape::

    >>> visible("rej_\\u202egnp.evil.txt")
    'rej_\\\\u202egnp.evil.txt'
    >>> visible("a\\x1b[31mred")
    'a\\\\x1b[31mred'

The tables keep the text as it is: this is only how it is shown.
"""

from __future__ import annotations

import re

#: bidi embeddings, overrides, isolates and marks (ALM, LRM, RLM, LRE…RLO, LRI…PDI)
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 and C1 controls (tab and newline apart), DEL, bidi controls, line and paragraph
# separators, and lone surrogates (undecodable file-name bytes), which no terminal can print
_ACTING = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\u2028\\u2029\\ud800-\\udfff]")
_BREAKS = re.compile(r"[\t\n]")


def _escape(m: re.Match) -> str:
    cp = ord(m.group())
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def visible(value: object, *, one_line: bool = False) -> str:
    """``value`` as text whose every character shows as itself; with ``one_line``, tabs and
    newlines are written out too (a terminal line, a file name)."""
    text = _ACTING.sub(_escape, "" if value is None else str(value))
    return _BREAKS.sub(_escape, text) if one_line else text
