"""The published tables: one home each, and how stages build and read them.

Each table a run publishes has one home, ``pipeline/schema/<table>.yaml`` (as a
dbt model has its yml): its grain, the stage that makes it, its columns with
their types and descriptions, and the checks of its validation gate. Everything
else is made from the homes, so nothing can drift from them:

- :data:`TABLES` (the contract's required columns, the code form of
  ``CONTRACT.md``) and :data:`COLUMNS` (every column a run publishes);
- :func:`conform`: every stage builds its output with it, so a table always has
  its columns in their order and types, even when it has no rows;
- :func:`records`: how a stage reads a table another stage made;
- :func:`suites`: the Great Expectations suites the gate runs;
- :func:`to_arrow`: the Arrow table published as Parquet, each field carrying
  its description;
- :mod:`pipeline.schema.docs`: the README's column tables and ``data_dictionary.json``.

A home, shortened (``claims.yaml``)::

    table: claims
    grain: "one row per statement: entity, attribute, value as written and normalised, …"
    made_by: extract → resolve
    contract: true
    columns:
      - name: claim_id
        type: str
        required: true          # the gate fails without it; others may be added
        description: "hash of document, value span, attribute and subject span: …"
        checks: [not_null, unique]
      - name: attribute
        type: str
        required: true
        checks: [not_null, {vocabulary: attributes}]
    checks:                     # on the check_* columns pipeline.validate.checks computes
      - type: expect_column_values_to_be_in_set
        kwargs: {column: check_doc_id_known, value_set: [true]}

A column's ``checks`` are ``not_null``, ``unique``, ``{vocabulary: NAME}`` (one of
:data:`VOCABULARIES`) or a Great Expectations expectation without its
``column``; ``{"$PARAMETER": NAME}`` names a vocabulary anywhere in a check (or
``current_year``, the clock, which the gate supplies when it runs).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from pipeline.versions import content_version

#: logical column kinds; see :func:`_cast` for how each is stored
Kind = Literal["str", "str?", "int", "float", "float?", "list[str]", "bool"]
KINDS: tuple[str, ...] = ("str", "str?", "int", "float", "float?", "list[str]", "bool")

SCHEMA_VERSION = "1.0"

#: the tables one run publishes, in the order the data makes them
PUBLISHED = (
    "documents",
    "entities",
    "mentions",
    "links",
    "claims",
    "contradictions",
    "consensus",
    "source_reliability",
    "quarantine",
)

#: vocabularies the contract fixes
DOCUMENT_STATUS = ("ok", "rejected")
#: attributes whose ``value_num`` is a percentage
PERCENT_ATTRIBUTES = ("error_rate", "accuracy")
#: attributes whose ``value_num`` is an absolute count
COUNT_ATTRIBUTES = ("parameters", "layers", "dataset_size", "classes")
#: attributes whose value is a quantity (a year is a date, see ``ATTRIBUTES``)
NUMERIC_ATTRIBUTES = (*PERCENT_ATTRIBUTES, *COUNT_ATTRIBUTES)
#: attributes whose value is itself an entity, and the type that entity has
ENTITY_VALUED: dict[str, str] = {"creator": "person", "organization": "organization"}
ATTRIBUTES = ("year", *ENTITY_VALUED, *NUMERIC_ATTRIBUTES)
CONTRADICTION_KINDS = ("cross_source", "within_source", "reference")
#: what the resolver decided about a candidate link (``links.decision``)
LINK_DECISIONS = ("accepted", "refused")
SEVERITIES = ("high", "medium", "low")
#: what a reviewer decides about a contradiction (``recon review --status``)
DECISION_STATUSES = ("confirmed", "dismissed")
#: a contradiction's ``review_status``: open until decided, reopened when its values
#: changed after the decision
REVIEW_STATUSES = ("open", *DECISION_STATUSES, "reopened")
#: the vocabularies by the names the homes' checks use for them
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "attributes": ATTRIBUTES,
    "attributes_with_value_num": ("year", *NUMERIC_ATTRIBUTES),
    "percent_attributes": PERCENT_ATTRIBUTES,
    "count_attributes": COUNT_ATTRIBUTES,
    "contradiction_kinds": CONTRADICTION_KINDS,
    "severities": SEVERITIES,
    "review_statuses": REVIEW_STATUSES,
    "document_statuses": DOCUMENT_STATUS,
    "link_decisions": LINK_DECISIONS,
}


class SchemaError(ValueError):
    """A table home that cannot be used; names the file and the column."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = False  # the gate checks it is present and of its kind
    checks: tuple = ()  # as written in the home, see the module docstring


@dataclass(frozen=True)
class TableHome:
    """One published table, as its home file describes it."""

    name: str
    grain: str
    made_by: str
    contract: bool  # CONTRACT.md promises its required columns and their types
    required: bool  # a run without this table does not publish
    id_column: str
    columns: tuple[Column, ...]
    checks: tuple[dict, ...] = ()  # table-level expectations (on check_* columns)
    meta: dict = field(default_factory=dict)  # extra suite meta (quarantine's free_rows)
    notes: tuple[str, ...] = ()

    @property
    def kinds(self) -> dict[str, Kind]:
        return {c.name: c.kind for c in self.columns}

    @property
    def required_kinds(self) -> dict[str, Kind]:
        return {c.name: c.kind for c in self.columns if c.required}

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _parse_home(fname: str, text: str) -> TableHome:
    data = yaml.safe_load(text)
    try:
        columns = tuple(
            Column(
                name=str(c["name"]),
                kind=c["type"],
                description=str(c["description"]),
                required=bool(c.get("required", False)),
                checks=tuple(c.get("checks") or ()),
            )
            for c in data["columns"]
        )
        home = TableHome(
            name=str(data["table"]),
            grain=str(data["grain"]),
            made_by=str(data["made_by"]),
            contract=bool(data["contract"]),
            required=bool(data["required"]),
            id_column=str(data["id_column"]),
            columns=columns,
            checks=tuple(data.get("checks") or ()),
            meta=dict(data.get("meta") or {}),
            notes=tuple(data.get("notes") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"{fname}: malformed table home: {exc!r}") from exc
    for c in columns:
        if c.kind not in KINDS:
            raise SchemaError(f"{fname}: column {c.name}: unknown type {c.kind!r}")
    if fname != f"{home.name}.yaml":
        raise SchemaError(f"{fname}: holds table {home.name!r}; a home is named after its table")
    return home


def home_files() -> dict[str, str]:
    """The homes shipped with the package: ``{file name: YAML text}``."""
    root = resources.files(__name__)
    return {p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith(".yaml")}


@cache
def _homes() -> dict[str, TableHome]:
    files = home_files()
    homes = {h.name: h for h in (_parse_home(f, t) for f, t in files.items())}
    if set(homes) != set(PUBLISHED):
        raise SchemaError(f"table homes {sorted(homes)} are not the published tables {sorted(PUBLISHED)}")
    return {name: homes[name] for name in PUBLISHED}


#: every published table's home, in data order
HOMES: dict[str, TableHome] = _homes()
#: content hash of the homes (the data file version of the schema)
HOMES_VERSION = content_version(home_files())
#: the contract's tables and their required columns, as CONTRACT.md lists them
TABLES: dict[str, dict[str, Kind]] = {n: h.required_kinds for n, h in HOMES.items() if h.contract}
#: every column each published table has, contract columns first
COLUMNS: dict[str, dict[str, Kind]] = {n: h.kinds for n, h in HOMES.items()}

#: Tables passed between stages but not published as such. Extraction finds
#: mentions and claims; resolution links them to entities and fills the
#: contract's linking columns (entity_id, entity_name, method, score).
INTERMEDIATE: dict[str, dict[str, Kind]] = {
    "extracted_mentions": {
        "mention_id": "str",  # deterministic: same text, same id
        "doc_id": "str",
        "surface": "str",  # == documents.text[char_start:char_end]
        "char_start": "int",
        "char_end": "int",
        "type": "str",  # entity type (catalog types)
        "catalog_id": "str?",  # catalog entry the recogniser matched, if any
        "detector": "str",  # how it was found: catalog, heading, table_name, bold, latin_name, ...
        "confidence": "float",  # 0-1: how sure the detector is that this is an entity
    },
    "extracted_claims": {
        **{c: k for c, k in TABLES["claims"].items() if c not in ("entity_id", "entity_name")},
        "subject_mention_id": "str",  # the mention of the entity the claim is about
        "value_mention_id": "str?",  # creator/organization: the mention holding the value
    },
}


# ---------------------------------------------------------------------------
# Building tables
# ---------------------------------------------------------------------------


def _cast(series: pd.Series, kind: Kind) -> pd.Series:
    """Store a column so that it reads back from Parquet as the contract says."""
    if kind == "str":
        return series.astype("str")
    if kind == "str?":
        return series.astype("object").where(series.notna(), None).astype("str")
    if kind == "int":
        return series.astype("int64")
    if kind in ("float", "float?"):
        return series.astype("float64")
    if kind == "bool":
        return series.astype("bool")
    if kind == "list[str]":
        return series.map(lambda v: [str(x) for x in v] if v is not None else [])
    raise ValueError(f"unknown column kind {kind!r}")


def _declared(table: str) -> tuple[dict[str, Kind], set[str]]:
    """Every declared column of ``table`` with its kind, and those it cannot do without."""
    if table in HOMES:
        return COLUMNS[table], set(HOMES[table].required_kinds)
    columns = INTERMEDIATE.get(table, {})
    return columns, set(columns)


def empty(table: str, extra: Mapping[str, Kind] | None = None) -> pd.DataFrame:
    """An empty table with every declared column, typed."""
    return conform(pd.DataFrame(), table, extra, complete=True)


def conform(
    df: pd.DataFrame | Iterable[Mapping],
    table: str,
    extra: Mapping[str, Kind] | None = None,
    *,
    complete: bool = False,
) -> pd.DataFrame:
    """Order, type and check the columns of ``table``.

    The required columns (the contract's, for a contract table) must be there;
    the table's other declared columns are typed when present, and with
    ``complete`` must be there too (stages build their output so: a column they
    forget fails where it is made, not in an analyst's notebook). ``extra``
    declares more columns, required. Raises ``KeyError`` naming what is missing.
    Undeclared columns are kept, after the declared ones.
    """
    frame = df if isinstance(df, pd.DataFrame) else pd.DataFrame(list(df))
    declared, required = _declared(table)
    declared = {**declared, **(extra or {})}
    required = set(declared) if complete else required | set(extra or {})
    if frame.empty and len(frame.columns) == 0:
        frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in declared})
    missing = [c for c in declared if c in required and c not in frame.columns]
    if missing:
        raise KeyError(f"table {table!r} lacks columns {missing}")
    columns = {c: k for c, k in declared.items() if c in frame.columns}
    out = frame.copy()
    for col, kind in columns.items():
        out[col] = _cast(out[col], kind)
    rest = [c for c in out.columns if c not in columns]
    return out[[*columns, *rest]].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Reading tables
# ---------------------------------------------------------------------------


def as_list(value: object) -> list:
    """A list cell as a list: a list in memory, a numpy array after Parquet, nothing for null."""
    if value is None or isinstance(value, str | float):
        return []
    return list(value) if isinstance(value, Iterable) else []


def records(frame: pd.DataFrame, table: str | None = None) -> list[dict[str, Any]]:
    """The rows of ``frame`` as plain Python values, read as ``table`` declares its columns.

    This is how a stage reads the table another stage made, whether it comes from
    memory or from Parquet::

        >>> records(claims, "claims")[0]
        {'claim_id': 'c-…', 'doc_id': '000_858…', 'value_num': 15.3, 'unit': '%', …}

    A missing cell is ``None`` whatever its kind (NaN, ``pd.NA``, ``None``); a
    ``list[str]`` cell is a list of str (``[]`` when missing, a list again after
    Parquet gave a numpy array); ints and floats are Python numbers. Columns the
    table does not declare are read by their values the same way.
    """
    kinds = _declared(table)[0] if table else {}
    names = list(frame.columns)
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [_read_column(frame[name], kinds.get(name)) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _read_column(series: pd.Series, kind: Kind | None) -> list:
    missing = series.isna().tolist()
    values = series.tolist()
    if kind == "list[str]":
        return [[str(x) for x in as_list(v)] for v in values]
    read = _READERS.get(kind, _plain) if kind else _plain
    return [None if gone else read(v) for v, gone in zip(values, missing, strict=True)]


def _plain(value: object) -> object:
    """A cell as a plain Python value: numpy scalars and arrays become numbers and lists."""
    if isinstance(value, np.ndarray | list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


_READERS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "str?": str,
    "int": int,
    "float": float,
    "float?": float,
    "bool": bool,
}


# ---------------------------------------------------------------------------
# The validation suites and the published files
# ---------------------------------------------------------------------------

#: how each kind is checked by ``expect_column_values_to_be_of_type``
_GX_TYPES = {
    "str": "str",
    "str?": "str",
    "int": "int64",
    "float": "float64",
    "float?": "float64",
    "list[str]": "list",
    "bool": "bool",
}
_SHORT_CHECKS = {
    "not_null": ("expect_column_values_to_not_be_null", "{column} is always filled"),
    "unique": ("expect_column_values_to_be_unique", "{column} identifies one row"),
}


def _resolve_vocabularies(value: Any) -> Any:
    """``{"$PARAMETER": vocabulary}`` replaced by the vocabulary, anywhere in a check."""
    if isinstance(value, dict):
        name = value.get("$PARAMETER")
        if len(value) == 1 and name in VOCABULARIES:
            return list(VOCABULARIES[name])
        return {k: _resolve_vocabularies(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_vocabularies(v) for v in value]
    return value


def _column_check(column: str, check: str | dict, table: str) -> dict:
    if isinstance(check, str):
        if check not in _SHORT_CHECKS:
            raise SchemaError(f"{table}.yaml: column {column}: unknown check {check!r}")
        kind, description = _SHORT_CHECKS[check]
        return {"type": kind, "kwargs": {"column": column}, "description": description.format(column=column)}
    if set(check) == {"vocabulary"}:
        return {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": column, "value_set": {"$PARAMETER": check["vocabulary"]}},
            "description": f"{column} is in the contract vocabulary",
        }
    spec = copy.deepcopy(check)
    spec["kwargs"] = {"column": column, **spec.get("kwargs", {})}
    return spec


def suite(table: str) -> dict:
    """The Great Expectations suite of one table, as JSON: presence and kind of its
    required columns, then the checks its home lists."""
    home = HOMES[table]
    required = home.required_kinds
    whose = "the contract's" if home.contract else "the agreed"
    expectations: list[dict] = [
        {
            "type": "expect_table_columns_to_match_set",
            "kwargs": {"column_set": list(required), "exact_match": False},
            "description": f"{whose} columns are present (extra columns are allowed)",
        },
        *(
            {
                "type": "expect_column_values_to_be_of_type",
                "kwargs": {"column": name, "type_": _GX_TYPES[kind]},
                "description": f"{name} is stored as {kind}",
            }
            for name, kind in required.items()
        ),
        *(_column_check(c.name, check, table) for c in home.columns for check in c.checks),
        *(copy.deepcopy(dict(check)) for check in home.checks),
    ]
    meta = {"table": table, "id_column": home.id_column, "required": home.required, **home.meta}
    return {"name": table, "meta": meta, "expectations": _resolve_vocabularies(expectations)}


def suites() -> dict[str, dict]:
    """Every published table's suite, by table name (what :func:`pipeline.validate.validate_tables` takes)."""
    return {table: suite(table) for table in HOMES}


def to_arrow(frame: pd.DataFrame, table: str) -> pa.Table:
    """``frame`` as the Arrow table its Parquet file holds: each declared column's
    field carries its ``description``, the schema the table's grain."""
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    home = HOMES.get(table)
    if home is None:
        return arrow
    described = {c.name: c.description for c in home.columns}
    fields = [
        f.with_metadata({b"description": described[f.name].encode()}) if f.name in described else f
        for f in arrow.schema
    ]
    metadata = {**(arrow.schema.metadata or {}), b"description": home.grain.encode()}
    return arrow.cast(pa.schema(fields, metadata=metadata))
