"""``recon explain ID`` as a call: read a published run and explain one of its rows.

The CLI parses, calls :func:`explain` and prints the explanation's text; a
script can do the same::

    >>> from flows.explain import explain
    >>> print(explain("alexnet", curated="curated").text())
    entity alexnet: AlexNet (model)
    what it is
      AlexNet, a model; 38 mentions in 5 documents
    …

Tables are read from ``curated/`` when first needed, so explaining a claim
does not read the links, nor an entity the document texts it does not quote.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from pipeline.explain import ExplainError, Explanation
from pipeline.explain import explain as explain_tables


class PublishedTables(Mapping):
    """The tables of the publish in ``curated``, read from Parquet on first use."""

    def __init__(self, curated: Path) -> None:
        self.curated = curated
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            path = self.curated / f"{name}.parquet"
            if not path.exists():
                raise KeyError(name)
            try:
                self._read[name] = pd.read_parquet(path)
            except (OSError, ValueError) as exc:
                raise ExplainError(f"{path} cannot be read: {exc}") from exc
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(p.stem for p in self.curated.glob("*.parquet")))

    def __len__(self) -> int:
        return len(list(self.curated.glob("*.parquet")))


def _citation_of(entity_id: str) -> str | None:
    """The reference facts' citation of a work (the packaged file), when they cover it."""
    try:
        from pipeline.stages import load_reference  # wherever the run itself takes them from

        work = load_reference().works.get(entity_id)
    except Exception:  # the reference facts are a courtesy here; their absence is said as such
        return None
    return getattr(work, "citation", None) or None


def published_manifest(curated: Path) -> dict:
    """The manifest of the publish in ``curated``; an ExplainError naming the file when there is none."""
    path = curated / "_manifest.json"
    if not curated.is_dir():
        raise ExplainError(
            f"no published run at {curated}: the directory does not exist (run `recon run`, or --curated DIR)"
        )
    if not path.exists():
        raise ExplainError(
            f"no published run at {curated}: {path} is missing (run `recon run`, or --curated DIR)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExplainError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ExplainError(f"{path} holds no manifest (a JSON object is expected)")
    return manifest


def explain(ident: str, curated: str | Path = "curated") -> Explanation:
    """Explain the contradiction, claim, mention or entity ``ident`` of the run published in
    ``curated``. Raises :class:`~pipeline.explain.ExplainError` when there is no such run
    or no such id (the message names the file, or suggests ids)."""
    where = Path(curated)
    manifest = published_manifest(where)
    return explain_tables(ident, PublishedTables(where), manifest, citation_of=_citation_of)
