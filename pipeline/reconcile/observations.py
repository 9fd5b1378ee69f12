"""Claims read as comparable observations: intervals, qualifiers and entity keys.

A claim row states a value the way its document wrote it. Before two claims can
be compared they are put on common ground here, once, so that every later rule
(pairwise verdicts, truth discovery, reference checks) sees the same reading:

- numbers become an interval of what the written figure can mean: ``26%`` written
  to the unit is anything in [25.5, 26.5); ``1750亿`` (precision 1e8) is
  1.75e11 ± 5e7. Bounds (``超过``) and approximations (``约``) widen it.
- ``accuracy`` becomes an error in the ``error_rate`` space (100 − x) when the
  entity also has error claims, and the observation remembers that conversion.
- years become month intervals (``2015`` = Jan–Dec 2015, ``2015-12``, ranges
  ``1970/1986``), so granularity and ranges compare by overlap.
- people and organisations become entity keys with their ancestors, so Google
  Brain is seen inside Google.
- the role of a value (``runner_up``, ``previous_best``) becomes a *facet*: the
  runner-up's error is a different quantity from the subject's error
  (:mod:`~pipeline.reconcile.facets`).
- a year gets the role of what it dates (:data:`DATE_ROLES`): the work's own date
  (introduced, published, released …), a milestone (won a competition, an event
  held), a timeline *entry* that files the work under a year without saying what
  the year dates, or an *event* of running text ("2019年,Google搜索集成BERT").
- hedged (猜测, 据报道) and approximate values are marked, so that they never make a
  high finding by themselves.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from pipeline import schema
from pipeline.reconcile.facets import Facet
from pipeline.reconcile.names import name_key
from pipeline.reconcile.thresholds import load_thresholds

#: qualifier keys that describe how a value was written (or what a year dates, read into
#: :attr:`Observation.date_role`), not which quantity it is; role and relative_to make the facet
BOOKKEEPING_KEYS = frozenset(
    {
        "precision",
        "granularity",
        "et_al",
        "team",
        "n_named",
        "approx",
        "bound",
        "magnitude",
        "range",
        "range_part",
        "at_least",
        "at_most",
        "role",
        "relative_to",
        "hedged",
        "kind_of",
        "dates",
        "unit_gap",
        "labelled",
        "cn_numeral",
    }
)
#: what a year claim dates (its ``dates`` qualifier, else the rule that found it), in four roles:
#: ``own`` the work's own date; ``milestone`` a later event of the work (a competition won, an
#: event held); ``entry`` a timeline entry or a name with a year beside it, which files the work
#: under the year without saying what it dates; ``event`` a year of running text that no word
#: ties to the work's making ("2019年,Google搜索集成BERT")
OWN_DATES = frozenset(
    {"introduced", "published", "released", "preprint", "announced", "open_sourced", "founded"}
)
MILESTONE_DATES = frozenset({"won", "held"})
#: extraction rules whose year heads an entry about the name (a heading, a table row, "X (2014)")
ENTRY_RULES = frozenset({"headline_year", "table_year", "paren_year"})
ENTRY_SCOPES = ("scored_row",)  # scored_row, scored_row_other: a timeline row's year
OWN_RULES = frozenset({"creation_year"})  # "A于2014年提出X": the rule is about the making
DATE_ROLES = ("own", "milestone", "entry", "event")
#: a percentage is only comparable when both sides say which metric they measure
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {"error_rate": ("metric",), "accuracy": ("metric",)}
NUMERIC = frozenset(schema.NUMERIC_ATTRIBUTES)
#: the two views of one benchmark figure (accuracy = 100 − error)
PERCENT = frozenset(schema.PERCENT_ATTRIBUTES)
#: counts whose trailing zeros are not significant (1400万 ≈ 14 million ± 0.5 million; 10万 is
#: 100,000 ± 10%, as "about", not ± 50,000)
ROUND_COUNTS = frozenset({"parameters", "dataset_size", "classes"})
ENTITY_VALUED = frozenset(schema.ENTITY_VALUED)
#: relative half-width for values marked approximate (约, about, ~), from thresholds.yaml
APPROX_REL = load_thresholds().approx_rel
#: a whole percentage that is a multiple of this is a round figure (75%), from thresholds.yaml
ROUND_PERCENT_STEP = load_thresholds().comparison.round_percent_step
#: a written range of years longer than this many months is a period (2016-2020年), from thresholds.yaml
PERIOD_MONTHS = load_thresholds().comparison.period_months

_MULTIPLIERS = {
    "万亿": 1e12,
    "兆": 1e12,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
    "trillion": 1e12,
    "billion": 1e9,
    "million": 1e6,
    "thousand": 1e3,
    "t": 1e12,
    "b": 1e9,
    "m": 1e6,
    "k": 1e3,
}
_NUMBER_RE = re.compile(
    r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万亿|兆|亿|万|千|百|trillion|billion|million|thousand|[tbmk](?![a-z]))?",
    re.IGNORECASE,
)
_DATE_RE = re.compile(r"^\s*(\d{4})(?:[-./](\d{1,2}))?(?:[-./](\d{1,2}))?\s*$")


def parse_qualifiers(raw: object) -> tuple[dict, str | None]:
    """The qualifiers JSON as a dict, and a warning when it could not be read."""
    if isinstance(raw, Mapping):
        return dict(raw), None
    if raw is None or str(raw).strip() == "":
        return {}, None
    try:
        value = json.loads(str(raw))
    except (TypeError, ValueError):
        return {}, f"qualifiers are not JSON: {str(raw)[:60]!r}"
    if not isinstance(value, dict):
        return {}, f"qualifiers are not a JSON object: {str(raw)[:60]!r}"
    return value, None


def truthy(value: object) -> bool:
    """Qualifier flags arrive as bools, 0/1 or strings."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "y")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def written_precision(value_raw: str, value_num: float | None) -> float | None:
    """Unit of the last written digit of the first number in ``value_raw``.

    Used only when the extractor gave no ``precision`` qualifier:
    ``26.2%`` → 0.1, ``1750亿`` → 1e8, ``1.8万亿`` → 1e11.
    """
    match = _NUMBER_RE.search(value_raw or "")
    if not match:
        return None
    decimals = len(match.group(2) or "")
    multiplier = _MULTIPLIERS.get((match.group(3) or "").lower(), 1.0)
    return 10.0 ** (-decimals) * multiplier if value_num is not None else None


@dataclass(frozen=True)
class Observation:
    """One claim on common ground. ``lo``/``hi`` bound what its value can mean."""

    claim_id: str
    doc_id: str
    entity_id: str
    entity_name: str
    attribute: str  # as claimed
    space: str  # the attribute it is compared in (accuracy → error_rate when converted)
    facet: str  # "" for the subject's own value, else e.g. "role=runner_up"
    kind: str  # number, date, entity, text
    key: str  # identical keys = identical normalised values
    display: str  # the normalised value as a reviewer reads it, with its qualifiers
    bare: str = ""  # the normalised value alone (sides group on it)
    value: float | None = None  # the number (in ``space``) or the first year
    lo: float = math.nan
    hi: float = math.nan
    qualifiers: dict = field(default_factory=dict)  # only those naming the quantity
    conversion: str = ""  # e.g. "84% accuracy read as 16% error (100 − x)"
    precision_note: str = ""  # e.g. "±0.5 as written"
    ancestors: tuple[str, ...] = ()
    partial: bool = False  # et al. / team: a list that does not exclude others
    value_raw: str = ""
    evidence: str = ""
    confidence: float = 1.0
    statement: str = ""  # claims of one statement share this (doc + evidence)
    date_role: str = ""  # years: own, milestone, entry or event (see DATE_ROLES)
    dates: str = ""  # years: what extraction says the year dates (introduced, won, listed …)
    hedged: bool = False  # 猜测, 预计, 据报道: a report, not the author's fact
    kind_of: bool = False  # BERT 类模型（0.5B 参数）: said of models like the entity, not of it
    approx: bool = False  # 约, about, ~
    converted: bool = False  # accuracy read as error (100 − x)
    extractor: str = ""
    char_start: int = -1  # the value's span in the document text (-1: unknown)
    char_end: int = -1
    subject_mention: str = ""  # the mention of the subject (mention_id)
    written_entity: str = ""  # the entity the claim was about, when read as a variant's
    context_note: str = ""  # years: another work the statement names dates the year (Mixtral 8x7B's release)
    self_note: str = ""  # years: the document's own words on what the year dates ("1987年被广泛认可")
    variant_note: str = ""  # figures of a family read as a variant's, and why
    siblings: tuple[str, ...] = ()  # keys of the other values its statement gives for the same quantity
    doubt: str = ""  # why the statement may not be about the subject ("ImageNet级模型": a modifier)

    @property
    def facet_of(self) -> Facet:
        return Facet.parse(self.facet)


def format_number(value: float, unit: str = "") -> str:
    """Readable numbers: 15.3%, 60000, 1.75e11."""
    if unit == "%":
        return f"{value:g}%"
    if abs(value) >= 1e6:
        mantissa, exponent = f"{value:.4e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    return f"{value:g}"


def _number_interval(value: float, precision: float | None, quals: dict) -> tuple[float, float, str]:
    half = (precision or 0.0) / 2
    if truthy(quals.get("approx")):
        half = max(half, abs(value) * APPROX_REL)
    lo, hi = value - half, value + half
    bound = str(quals.get("bound") or "").lower()
    if truthy(quals.get("at_least")):
        bound = "at_least"
    elif truthy(quals.get("at_most")):
        bound = "at_most"
    if bound in ("at_least", "more_than", "min", "lower", ">", ">="):
        hi = math.inf
    elif bound in ("at_most", "less_than", "max", "upper", "<", "<="):
        lo = -math.inf
    if truthy(quals.get("magnitude")):
        lo, hi = min(lo, value), max(hi, value * 10)
    note = f"±{format_number(half)}" if half else ""
    if bound:
        note = f"{bound.replace('_', ' ')} {format_number(value)}"
    return lo, hi, note


def _range_from(value_norm: str) -> tuple[float, float] | None:
    parts = [p for p in re.split(r"\s*/\s*", value_norm or "") if p]
    if len(parts) != 2:
        return None
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        return None


def month_interval(value_norm: str, value_num: float | None) -> tuple[float, float] | None:
    """Months since year 0 covered by a year value: ``2015`` → Jan..Dec 2015."""

    def one(text: str) -> tuple[int, int] | None:
        m = _DATE_RE.match(text)
        if not m:
            return None
        year = int(m.group(1))
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                return None
            return year * 12 + month - 1, year * 12 + month - 1
        return year * 12, year * 12 + 11

    parts = [p for p in str(value_norm or "").split("/") if p.strip()]
    spans = [one(p) for p in parts[:2]]
    if spans and all(spans):
        return float(spans[0][0]), float(spans[-1][1])
    if value_num is not None and not math.isnan(value_num):
        year = int(value_num)
        return float(year * 12), float(year * 12 + 11)
    return None


def comparison_qualifiers(quals: dict, attribute: str, unit: str) -> dict:
    """Qualifiers that say *which* quantity a value is (metric, split, benchmark …)."""
    out = {k: v for k, v in quals.items() if k not in BOOKKEEPING_KEYS and v not in (None, "")}
    if attribute == "dataset_size" and unit:
        out["unit"] = unit
    return out


def qualifier_text(quals: dict) -> str:
    parts = []
    for key in sorted(quals):
        value = quals[key]
        if isinstance(value, bool):
            parts.append(key if value else f"not {key}")
        else:
            parts.append(str(value))
    return ", ".join(parts)


def _str(value: object) -> str:
    """A cell or qualifier as text ("" when missing)."""
    return "" if value is None else str(value)


def _num(value: object) -> float | None:
    """A qualifier as a number (None when it is not one)."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def observe(
    claims: pd.DataFrame,
    canonical_id: Callable[[str], str],
    ancestors_of: Callable[[str], tuple[str, ...]],
) -> tuple[list[Observation], list[str]]:
    """Every usable claim as an :class:`Observation`, plus warnings for the rest.

    ``canonical_id`` maps an entity id to its catalog id (when it has one);
    ``ancestors_of`` gives the organisation/family ancestors of an entity id.
    """
    warnings: list[str] = []
    rows = schema.records(claims, "claims")
    # accuracy joins the error space only where the same subject has error claims
    error_subjects = {
        (_str(r.get("entity_id")), str(Facet.of_qualifiers(parse_qualifiers(r.get("qualifiers"))[0])))
        for r in rows
        if r.get("attribute") == "error_rate"
    }
    out: list[Observation] = []
    for r in rows:
        quals, problem = parse_qualifiers(r.get("qualifiers"))
        if problem:
            warnings.append(f"claim {r.get('claim_id')}: {problem}; read without qualifiers")
        obs = _observe_one(r, quals, canonical_id, ancestors_of, error_subjects)
        if obs is None:
            warnings.append(
                f"claim {r.get('claim_id')}: {r.get('attribute')} value "
                f"{_str(r.get('value_raw'))!r} could not be normalised; left out of reconciliation"
            )
            continue
        out.append(obs)
    return out, warnings


def date_role(dates: str, extractor: str) -> str:
    """The role of a year (see :data:`DATE_ROLES`) from what extraction wrote about it."""
    if dates in OWN_DATES:
        return "own"
    if dates in MILESTONE_DATES:
        return "milestone"
    if dates == "listed" or extractor in ENTRY_RULES or extractor.startswith(ENTRY_SCOPES):
        return "entry"
    if extractor in OWN_RULES:
        return "own"
    return "event"


def _int(value: object) -> int:
    try:
        out = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1
    return out


def round_percent(value: float, precision: float | None) -> bool:
    """A whole percentage that is a multiple of the round step (75%, 90%, not 84% or 26.2%)."""
    step = ROUND_PERCENT_STEP
    if not step or (precision or 0.0) < 1.0 or not 0.0 < value < 100.0:
        return False
    return abs(value / step - round(value / step)) < 1e-9


def significant_unit(value: float) -> float:
    """Unit of the last non-zero digit of a round number: 1.4e7 → 1e6, 1.75e11 → 1e9."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    digits = f"{abs(value):.15g}"
    if "e" in digits or "." in digits.rstrip("0").rstrip("."):
        mantissa, _, exponent = f"{abs(value):.12e}".partition("e")
        decimals = len(mantissa.rstrip("0").split(".")[1]) if "." in mantissa.rstrip("0") else 0
        return 10.0 ** (int(exponent) - decimals)
    integer = digits.split(".")[0]
    return 10.0 ** (len(integer) - len(integer.rstrip("0")))


def _observe_one(
    r: dict,
    quals: dict,
    canonical_id: Callable[[str], str],
    ancestors_of: Callable[[str], tuple[str, ...]],
    error_subjects: set[tuple[str, str]],
) -> Observation | None:
    attribute = _str(r.get("attribute"))
    entity_id = _str(r.get("entity_id"))
    value_norm = _str(r.get("value_norm")).strip()
    value_raw = _str(r.get("value_raw"))
    unit = _str(r.get("unit"))
    value_num = r.get("value_num")
    confidence = r.get("confidence")
    facet = str(Facet.of_qualifiers(quals))
    base = {
        "claim_id": _str(r.get("claim_id")),
        "doc_id": _str(r.get("doc_id")),
        "entity_id": entity_id,
        "entity_name": _str(r.get("entity_name")) or entity_id,
        "attribute": attribute,
        "facet": facet,
        "value_raw": value_raw,
        "evidence": _str(r.get("evidence")),
        "confidence": 1.0 if confidence is None else min(max(confidence, 0.0), 1.0),
        "statement": f"{_str(r.get('doc_id'))}|{_str(r.get('evidence')) or r.get('char_start')}",
        "hedged": truthy(quals.get("hedged")),
        "kind_of": truthy(quals.get("kind_of")),
        "approx": truthy(quals.get("approx")),
        "extractor": _str(r.get("extractor")),
        "char_start": _int(r.get("char_start")),
        "char_end": _int(r.get("char_end")),
        "subject_mention": _str(r.get("subject_mention_id")),
    }
    if attribute in NUMERIC:
        return _observe_number(
            base,
            attribute,
            value_norm,
            value_raw,
            value_num,
            unit,
            quals,
            (entity_id, facet) in error_subjects,
        )
    if attribute == "year":
        span = month_interval(value_norm, value_num)
        if span is None:
            return None
        display = value_norm or str(int(value_num or 0))
        dates = _str(quals.get("dates")).strip()
        role = date_role(dates, base["extractor"])
        if span[1] - span[0] + 1 > PERIOD_MONTHS:  # a period, not the date of a work
            role = "event"
        return Observation(
            **base,
            date_role=role,
            dates=dates,
            space="year",
            kind="date",
            key=display,
            display=display,
            value=float(span[0] // 12),
            lo=span[0],
            hi=span[1],
            qualifiers=comparison_qualifiers(quals, attribute, unit),
        )
    if attribute in ENTITY_VALUED:
        value_entity = _str(r.get("value_entity_id"))
        name = value_norm or value_raw
        if not (value_entity or name):
            return None
        key = canonical_id(value_entity) if value_entity else "name:" + name_key(name)
        return Observation(
            **base,
            space=attribute,
            kind="entity",
            key=key,
            display=name,
            ancestors=ancestors_of(value_entity) if value_entity else (),
            partial=truthy(quals.get("et_al")) or truthy(quals.get("team")),
            qualifiers={},
        )
    if not value_norm:
        return None
    return Observation(
        **base,
        space=attribute,
        kind="text",
        key=name_key(value_norm),
        display=value_norm,
        qualifiers=comparison_qualifiers(quals, attribute, unit),
    )


def _observe_number(
    base: dict,
    attribute: str,
    value_norm: str,
    value_raw: str,
    value_num: float | None,
    unit: str,
    quals: dict,
    convert_accuracy: bool,
) -> Observation | None:
    span = _range_from(value_norm)
    if value_num is None:
        if span is None:
            return None
        value_num = span[0]
    precision = _num(quals.get("precision"))
    if precision is None:
        precision = written_precision(value_raw, value_num)
    if attribute in ROUND_COUNTS:  # trailing zeros may be rounding, but no looser than "about"
        implied = min(significant_unit(value_num), 2 * APPROX_REL * abs(value_num))
        precision = max(precision or 0.0, implied)
    if attribute in PERCENT and round_percent(value_num, precision):  # 之前的75%: a round figure
        precision = ROUND_PERCENT_STEP
    lo, hi, note = _number_interval(value_num, precision, quals)
    if span is not None:  # a written range: 1至1.8万亿
        lo, hi, note = min(lo, span[0]), max(hi, span[1]), "range as written"
    percent = attribute in PERCENT
    unit_shown = "%" if percent else ""
    cq = comparison_qualifiers(quals, attribute, unit)
    display = format_number(value_num, unit_shown)
    if span is not None:
        display = f"{format_number(span[0], unit_shown)}–{format_number(span[1], unit_shown)}"
    space, conversion = attribute, ""
    if attribute == "accuracy" and convert_accuracy:
        space = "error_rate"
        error = 100.0 - value_num
        conversion = f"{display} accuracy read as {format_number(error, '%')} error (100 − x)"
        display = f"{display} accuracy (= {format_number(error, '%')} error, 100 − x)"
        value_num, lo, hi = error, 100.0 - hi, 100.0 - lo
        base = {**base, "converted": True}
    bare = display
    if cq:
        display = f"{display} [{qualifier_text(cq)}]"
    key = f"{value_num:.12g}" if span is None else f"{span[0]:.12g}/{span[1]:.12g}"
    return Observation(
        **base,
        space=space,
        kind="number",
        key=key,
        display=display,
        bare=bare,
        value=value_num,
        lo=lo,
        hi=hi,
        qualifiers=cq,
        conversion=conversion,
        precision_note=note,
    )
