"""The tables' documentation, made from their homes: the README's column tables and
the machine-readable data dictionary (``data_dictionary.json``).

Both are generated, never edited by hand (``make docs`` writes them, and
``tests/test_readme.py`` fails when the committed ones drift from the homes).
A table in the README::

    #### `claims` — extract → resolve

    | column | type | required | description |
    |---|---|---|---|
    | `claim_id` | str | ✓ | hash of document, value span, attribute and subject span: … |
    | `value_num` | float? | ✓ | the year, the percentage or the absolute count (1750亿 → 1.75e11); … |
    | `value_entity_id` | str? |  | creator and organization: the linked person or organisation |

The same table in the dictionary::

    {"name": "claims", "grain": "one row per statement: …", "made_by": "extract → resolve",
     "contract": true, "required": true, "id_column": "claim_id",
     "columns": [{"name": "claim_id", "type": "str", "nullable": false, "required": true,
                  "description": "hash of …", "checks": ["claim_id is always filled", …]}, …],
     "checks": ["every doc_id names an ingested (ok) document", …]}
"""

from __future__ import annotations

import json

from pipeline import schema

#: the README's generated part lies between these two lines
BEGIN = "<!-- tables: generated from pipeline/schema/*.yaml by `make docs`; edit the homes, not this -->"
END = "<!-- end of generated tables -->"


def _checks_by_column(table: str) -> tuple[dict[str, list[str]], list[str]]:
    """Descriptions of the suite's checks: per column, and those on the table as a whole."""
    home = schema.HOMES[table]
    names = {c.name for c in home.columns}
    by_column: dict[str, list[str]] = {name: [] for name in names}
    whole: list[str] = []
    for expectation in schema.suite(table)["expectations"]:
        column = expectation["kwargs"].get("column")
        target = by_column[column] if column in names else whole
        target.append(expectation["description"])
    return by_column, whole


def _vocabulary(column: schema.Column) -> tuple[str, ...]:
    names = [c["vocabulary"] for c in column.checks if isinstance(c, dict) and "vocabulary" in c]
    return schema.VOCABULARIES[names[0]] if names else ()


def data_dictionary() -> dict:
    """Every published table, its columns and its checks, as JSON."""
    tables = []
    for table, home in schema.HOMES.items():
        by_column, whole = _checks_by_column(table)
        columns = []
        for c in home.columns:
            entry = {
                "name": c.name,
                "type": c.kind,
                "nullable": c.kind.endswith("?"),
                "required": c.required,
                "description": c.description,
            }
            if values := _vocabulary(c):
                entry["values"] = list(values)
            entry["checks"] = by_column[c.name]
            columns.append(entry)
        tables.append(
            {
                "name": table,
                "grain": home.grain,
                "made_by": home.made_by,
                "contract": home.contract,
                "required": home.required,
                "id_column": home.id_column,
                "columns": columns,
                "checks": whole,
            }
        )
    return {"schema_version": schema.SCHEMA_VERSION, "version": schema.HOMES_VERSION, "tables": tables}


def data_dictionary_json() -> str:
    """The dictionary as the file ``data_dictionary.json`` holds it."""
    return json.dumps(data_dictionary(), ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _described(column: schema.Column) -> str:
    """The description, with the column's vocabulary when the description does not name it."""
    values = _vocabulary(column)
    if values and not any(f"`{v}`" in column.description for v in values):
        return f"{column.description}: " + ", ".join(f"`{v}`" for v in values)
    return column.description


def readme_tables() -> str:
    """The README's part on the tables: an overview, then each table's columns."""
    lines = [
        BEGIN,
        "| table | grain | made by |",
        "|---|---|---|",
        *(f"| `{t}` | {_cell(h.grain)} | {h.made_by} |" for t, h in schema.HOMES.items()),
        "",
        "Types as the homes write them: `str`, `int`, `float`, `list[str]`; `str?` and `float?`",
        "may be null. ✓: required, the validation gate fails without it (in the contract's",
        "tables these are the contract's columns, in its order); the other columns are",
        "this product's own, after the required ones.",
    ]
    for table, home in schema.HOMES.items():
        lines += [
            "",
            f"#### `{table}` — {home.made_by}",
            "",
            "| column | type | required | description |",
            "|---|---|---|---|",
            *(
                f"| `{c.name}` | {c.kind} | {'✓' if c.required else ''} | {_cell(_described(c))} |"
                for c in home.columns
            ),
        ]
    lines.append(END)
    return "\n".join(lines)


def with_readme_tables(readme: str) -> str:
    """``readme`` with its generated part made anew from the homes."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + readme_tables() + readme[end:]
