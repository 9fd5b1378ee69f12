"""The extraction pipeline as spaCy sees it: registered components whose declared
``requires``/``assigns`` spaCy checks, and a catalog passed in rather than loaded globally."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog import catalog_files, load_catalog, parse_catalog
from pipeline.extract import extract_claims
from pipeline.extract.language import build_nlp

TEXT = "2031年，Zorbatron-9 由 Quillon 实验室发布。"
EXTRA = """
- id: zorbatron-9
  name: Zorbatron-9
  type: model
  citation: a made-up model, for this test only
"""


def _documents() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"], "text": [TEXT], "status": ["ok"]})


def _catalogued(catalog=None) -> dict[str, str | None]:
    mentions = extract_claims(_documents(), catalog=catalog).mentions
    return dict(zip(mentions["surface"], mentions["catalog_id"], strict=True))


def test_every_component_finds_what_it_requires_before_it():
    analysis = build_nlp().analyze_pipes()
    assert analysis["problems"] == {name: [] for name in build_nlp().pipe_names}
    assigned = {a for attrs in analysis["summary"].values() for a in attrs["assigns"]}
    assert {"doc._.mentions", "doc._.candidates", "doc._.claims"} <= assigned


def test_a_catalog_passed_in_is_the_one_extraction_recognises_with():
    packaged = load_catalog()
    assert packaged.get("zorbatron-9") is None
    larger = parse_catalog({**catalog_files(), "works_test.yaml": EXTRA})
    assert _catalogued(larger).get("Zorbatron-9") == "zorbatron-9"
    # the next call without one is back on the packaged catalog
    assert pd.isna(_catalogued().get("Zorbatron-9"))
