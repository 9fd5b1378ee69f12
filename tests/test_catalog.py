"""The knowledge base is well-formed: the checks pipeline/catalog/README.md promises when adding an entry."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from pipeline.catalog import CatalogError, catalog_files, load_catalog, parse_catalog
from pipeline.catalog.facts import DATE_ROLES, load_reference
from pipeline.resolve.keys import name_form
from pipeline.resolve.nodes import NodeIndex
from pipeline.resolve.rules import load_rules

FILES = catalog_files()
RAW = {name: yaml.safe_load(text) or [] for name, text in FILES.items()}
ENTRIES = {e["id"]: e for entries in RAW.values() for e in entries}
CATALOG = load_catalog()
FACTS = load_reference()


def _is_name(ref: str) -> bool:
    """A reference may name someone the catalog lacks (a name, not an id)."""
    return not re.fullmatch(r"[a-z0-9][a-z0-9-]*", ref)


def test_coverage_of_the_selection_rule():
    kinds = defaultdict(int)
    for e in CATALOG.entries:
        kinds["person" if e.type == "person" else "organization" if e.type == "organization" else "work"] += 1
    assert kinds["work"] >= 500 and kinds["person"] >= 250 and kinds["organization"] >= 150, dict(kinds)


class _NoRepeatedKeys(yaml.SafeLoader):
    """YAML keeps the last of two equal keys silently: a second ``aliases:`` would drop the first."""


def _mapping_once(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k) for k, _ in node.value]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert not repeated, f"{repeated} repeated at {node.start_mark}"
    return loader.construct_mapping(node, deep)


_NoRepeatedKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_once)


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_entry_repeats_a_key(name: str):
    yaml.load(FILES[name], _NoRepeatedKeys)


def test_ids_are_unique_across_every_file():
    seen: dict[str, str] = {}
    for name, entries in RAW.items():
        for e in entries:
            assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", e["id"]), e["id"]
            assert e["id"] not in seen, f"{e['id']} in {name} and {seen[e['id']]}"
            seen[e["id"]] = name


def test_a_duplicate_id_is_refused_naming_both_files():
    with pytest.raises(CatalogError, match="duplicate id 'x'"):
        parse_catalog(
            {"a.yaml": "- {id: x, name: X, type: model}\n", "b.yaml": "- {id: x, name: Y, type: model}\n"}
        )


def test_every_fact_has_a_citation_and_every_date_parses():
    for work in FACTS.works.values():
        assert work.citation, work.entity_id
        for date, what in work.dates:
            assert re.fullmatch(r"\d{4}(-\d\d)?", date) and what in DATE_ROLES, (work.entity_id, date, what)
        assert all(n.citation for n in work.numbers), work.entity_id
    for person in FACTS.people.values():
        assert person.citation, person.person
    for raw in ENTRIES.values():
        for n in raw.get("numbers") or []:
            assert isinstance(n["value"], int | float) and isinstance(n.get("precision", 0), int | float), (
                raw["id"]
            )


def test_every_id_an_entry_refers_to_exists():
    missing = []
    for e in ENTRIES.values():
        for key in ("authors", "also_credited", "organizations", "data_from", "see_also"):
            missing += [(e["id"], key, r) for r in e.get(key) or () if not _is_name(r) and r not in ENTRIES]
        for key in ("variant_of", "part_of", "successor"):
            if e.get(key) and e[key] not in ENTRIES:
                missing.append((e["id"], key, e[key]))
        for a in e.get("affiliations") or ():
            if not _is_name(a["org"]) and a["org"] not in ENTRIES:
                missing.append((e["id"], "affiliations", a["org"]))
    assert missing == []


def test_affiliation_periods_are_years_in_order():
    for person in FACTS.people.values():
        for a in person.affiliations:
            assert a.start is None or 1800 <= a.start <= 2030, (person.person, a)
            assert a.start is None or a.end is None or a.start <= a.end, (person.person, a)


def test_no_spelling_names_two_entries_unless_marked_ambiguous():
    rules = load_rules()
    index = NodeIndex(rules)
    index.add_catalog(CATALOG)
    assert {n.id: sorted(n.anchors) for n in index.nodes.values() if len(n.anchors) > 1} == {}
    for e in CATALOG.entries:
        assert not set(e.aliases) & set(e.ambiguous), e.id
        person = e.type == "person"
        assert all(name_form(a, rules, person).key for a in e.names), e.id


def test_renames_and_mergers_are_dated():
    deepmind = FACTS.organizations["google-deepmind"]
    assert deepmind.founded == "2023-04"
    assert {o.org for o in FACTS.organizations.values() if o.successor == "google-deepmind"} >= {"deepmind"}
    meta = FACTS.organizations["meta"]
    assert any(f.get("name") == "Facebook" for f in meta.former_names)


def test_catalog_stats_on_the_command_line():
    import json
    import subprocess
    import sys

    command = [sys.executable, "-m", "flows.cli", "catalog", "stats", "--json"]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    counts = json.loads(out.stdout)
    assert set(counts) == {"works", "people", "organizations", "facts", "facts_with_citation"}
    assert counts["works"] >= 500 and counts["facts_with_citation"] == counts["facts"] > 0


@pytest.mark.parametrize(
    ("work", "arxiv", "organizations"),
    [
        ("refinedweb", "2306.01116", {"tii"}),
        ("fineweb", "2406.17557", {"hugging-face"}),
        ("dolma", "2402.00159", {"allen-institute-for-ai"}),
        ("tulu-3", "2411.15124", {"allen-institute-for-ai", "university-of-washington"}),
        ("megascale", "2402.15627", {"bytedance", "peking-university"}),
        ("mesh-tensorflow", "1811.02084", {"google-brain"}),
    ],
)
def test_the_resources_llms_are_built_from_are_covered_with_their_primary_source(work, arxiv, organizations):
    """Selection rule 3: pretraining corpora, post-training recipes and training systems."""
    entry = ENTRIES[work]
    assert entry["arxiv"] == arxiv and f"arXiv:{arxiv}" in entry["citation"]
    assert organizations <= set(entry["organizations"])
    assert work in FACTS.works and FACTS.works[work].creators
