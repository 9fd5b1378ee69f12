"""Resolve: link every mention to one real-world entity, across documents.

Public entry point: :func:`resolve_entities`. Input: the extracted mentions
and claims and the catalog; output: the contract's ``entities``, ``mentions``
and ``claims`` tables (claims gain ``entity_id``/``entity_name``; creator and
organization claims get the canonical name of the person/organisation as
``value_norm``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import schema
from pipeline.catalog import Catalog


@dataclass(frozen=True)
class Resolution:
    entities: pd.DataFrame
    mentions: pd.DataFrame
    claims: pd.DataFrame


def resolve_entities(mentions: pd.DataFrame, claims: pd.DataFrame, catalog: Catalog) -> Resolution:
    """Not yet implemented: no entities."""
    return Resolution(schema.empty("entities"), schema.empty("mentions"), schema.empty("claims"))
