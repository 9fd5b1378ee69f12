"""Which quantity of an entity a value is: the entity's own, a baseline quoted beside it, or its family's.

A facet is built and parsed here and nowhere else. Its text form is what the
``facet`` columns of ``contradictions`` and ``consensus`` hold and what
``contradiction_id`` hashes, so it never changes for the same facet::

    >>> str(Facet(role="previous_best", relative_to="AlexNet"))
    'role=previous_best;relative_to=AlexNet'
    >>> Facet.parse("role=previous_best;relative_to=AlexNet").text()
    'previous best value relative to AlexNet'
    >>> str(FAMILY), str(Facet())
    ('scope=family', '')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Facet:
    role: str = ""  # runner_up, previous_best … ("" for the subject's own value)
    relative_to: str = ""  # the subject a baseline is quoted against (AlexNet for 26.2%)
    scope: str = ""  # "family": the row compares a family with its variants

    def __str__(self) -> str:
        if self.scope:
            return f"scope={self.scope}"
        if not self.role:
            return ""
        return f"role={self.role}" + (f";relative_to={self.relative_to}" if self.relative_to else "")

    @property
    def own(self) -> bool:
        """The entity's own value (not a baseline, not a family comparison)."""
        return not (self.role or self.scope)

    def text(self) -> str:
        """As a reviewer reads it: 'previous best value relative to AlexNet'."""
        if self.scope == "family":
            return "family and variants"
        if not self.role:
            return ""
        out = self.role.replace("_", " ") + " value"
        return out + (f" relative to {self.relative_to}" if self.relative_to else "")

    @classmethod
    def parse(cls, text: str | None) -> Facet:
        parts = dict(p.split("=", 1) for p in str(text or "").split(";") if "=" in p)
        return cls(parts.get("role", ""), parts.get("relative_to", ""), parts.get("scope", ""))

    @classmethod
    def of_qualifiers(cls, quals: Mapping) -> Facet:
        """A claim's facet from its ``role`` and ``relative_to`` qualifiers."""
        role = str(quals.get("role") or "").strip()
        relative = str(quals.get("relative_to") or "").strip()
        return cls(role, relative if role else "")


FAMILY = Facet(scope="family")
