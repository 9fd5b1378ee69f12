"""What ``recon`` prints: every line is text, whatever the file names hold."""

from __future__ import annotations

from pathlib import Path

from flows.cli import _print_run
from flows.recon_flow import RunSummary


def test_terminal_escapes_and_bidi_overrides_in_file_names_are_printed_written_out(capsys):
    """A rejected file's name with ``\\x1b[2J`` cleared the terminal (or ``\\x1b]8;;`` made a
    link) when recon run printed it; ``\\u202e`` reversed the rest of the line."""
    summary = RunSummary(
        run_id="r1",
        published=True,
        curated=Path("curated"),
        row_counts={"documents": 2},
        documents_ok=1,
        documents_rejected=[
            ("evil\x1b[2J\x1b]8;;http://x\x07.txt", "binary"),
            ("rej_\u202egnp.evil.txt", "x"),
        ],
        warnings=["decisions file has \x1b[31mred\x1b[0m"],
        skipped=[("line\nbreak.pdf", "not a .txt or .md file")],
    )
    _print_run(summary)
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\u202e")
    assert "rejected evil\\x1b[2J\\x1b]8;;http://x\\x07.txt: binary" in out
    assert "rejected rej_\\u202egnp.evil.txt: x" in out
    assert "skipped line\\x0abreak.pdf: not a .txt or .md file" in out
    assert "warning: decisions file has \\x1b[31mred\\x1b[0m" in out
