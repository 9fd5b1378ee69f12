"""Why: the explanation of one published row, traced to the evidence and the rules that made it.

Public entry point: :func:`explain` (``recon explain ID`` reads a published run
and calls it; :func:`flows.explain.explain` is the same as a library call). An
id may be a contradiction's, a claim's, a mention's or an entity's (also a
link's), an entity's name or alias, or an unambiguous prefix of any id. What
each kind says:

- **contradiction**: the kind, the severity and the rule that set it (and what
  that severity means), every side with each claim's evidence, the value marked,
  the rule that extracted it, the consensus, the reference fact and its citation,
  the review status and the command to decide;
- **claim**: the evidence with the value marked, the extractor (rule) and its
  confidence, the qualifiers, the mention of its subject and how it was linked,
  the consensus on its attribute, the contradictions that cite it (severity and
  rule), the reference fact and citation;
- **mention**: the text around it with the name marked, the detector, the entity
  and the link method with its score and rule, the links weighed for its
  spelling (accepted and refused, with reasons), the claims about it;
- **entity**: what it is (catalog entry, aliases, hierarchy), how its mentions
  were linked, every link that formed it (rule, score) and every candidate link
  that was refused and why, its claims, consensus values and contradictions.

The result is structured (:class:`Explanation`: sections of lines) and renders
as text with the value marked ``[[like this]]`` (or with any other markers, such
as a terminal's reverse video)::

    contradiction ctr-231f7f8f8b24: AlexNet · error_rate, documents disagree with each other
    severity
      medium — set by rule qualifier_missing: the values differ beyond rounding, but a qualifier …
      medium means: they conflict, but qualifiers are missing or differ in a way that may explain it
    side 15.3% (3 documents) — best supported
      claim c_82bfc913ce2224e7 in 000_858dce1e5fcd4cf7 «AlexNet 与深度学习的复兴»
        “…将top-5错误率从26%降至[[15.3%]]。”
        extracted by percent_sentence (confidence 0.88); qualifiers: benchmark ILSVRC, precision 0.1
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd
import yaml

from pipeline import schema
from pipeline.report.evidence import quote

#: value marks inside lines, replaced by the markers chosen when rendering
MARK, END = "\x02", "\x03"
#: what an id may be, in the order they are looked up
KINDS = ("contradiction", "claim", "mention", "entity", "link")
ID_COLUMNS = {
    "contradiction": ("contradictions", "contradiction_id"),
    "claim": ("claims", "claim_id"),
    "mention": ("mentions", "mention_id"),
    "entity": ("entities", "entity_id"),
    "link": ("links", "link_id"),
}
#: links listed in full for an entity before the rest are counted
MAX_LINKS = 200


class ExplainError(LookupError):
    """Nothing published has that id; the message says what was looked for and suggests ids."""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    """Why one published row is what it is."""

    kind: str  # contradiction, claim, mention, entity, link
    id: str
    title: str
    sections: list[Section]

    def text(self, marks: tuple[str, str] = ("[[", "]]")) -> str:
        """Plain text, one section after another, each value marked with ``marks``."""
        out = [f"{self.kind} {self.id}: {self.title}"]
        for section in self.sections:
            out.append(section.heading)
            out += [f"  {line}" for line in section.lines]
        return "\n".join(out).replace(MARK, marks[0]).replace(END, marks[1]) + "\n"

    def as_dict(self) -> dict:
        """JSON-able (values marked ``[[…]]``)."""
        mark = lambda s: s.replace(MARK, "[[").replace(END, "]]")  # noqa: E731
        return {
            "kind": self.kind,
            "id": self.id,
            "title": mark(self.title),
            "sections": [{"heading": s.heading, "lines": [mark(x) for x in s.lines]} for s in self.sections],
        }


@cache
def words() -> dict:
    """The words for the reconciliation rules, severities and kinds (``rules.yaml``)."""
    return yaml.safe_load(resources.files(__name__).joinpath("rules.yaml").read_text(encoding="utf-8"))


def rule_text(rule: str | None) -> str:
    if not rule:
        return "no rule recorded"
    meaning = words()["rules"].get(rule)
    return f"{rule}: {meaning}" if meaning else rule


Tables = Mapping[str, pd.DataFrame]


def explain(
    ident: str,
    tables: Tables,
    manifest: dict | None = None,
    citation_of=None,
) -> Explanation:
    """The explanation of the row ``ident`` names in ``tables`` (a published run's).

    ``citation_of(entity_id)`` may give the reference facts' citation of a work when
    no ``reference`` contradiction in the run carries one.
    """
    kind, row = find(ident, tables)
    context = _Context(tables, manifest or {}, citation_of or (lambda entity_id: None))
    return {
        "contradiction": context.contradiction,
        "claim": context.claim,
        "mention": context.mention,
        "entity": context.entity,
        "link": context.link,
    }[kind](row)


def find(ident: str, tables: Tables) -> tuple[str, dict]:
    """The kind and the row ``ident`` names: an id, an entity name or alias, or a prefix."""
    ident = ident.strip()
    for kind in KINDS:
        table, column = ID_COLUMNS[kind]
        frame = _get(tables, table)
        if frame is not None and column in frame.columns:
            hit = frame[frame[column] == ident]
            if len(hit):
                return kind, schema.records(hit.iloc[:1], table)[0]
    entities = _get(tables, "entities")
    if entities is not None and len(entities):
        folded = ident.casefold()
        named = [
            r for r in schema.records(entities, "entities")
            if folded in {str(n).casefold() for n in (r["name"], *(r.get("aliases") or []))}
        ]  # fmt: skip
        if len(named) == 1:
            return "entity", named[0]
        if len(named) > 1:
            ids = ", ".join(r["entity_id"] for r in named)
            raise ExplainError(f"{ident!r} names {len(named)} entities ({ids}); give one of their ids")
    if len(ident) >= 4:
        hits = []
        for kind in KINDS:
            table, column = ID_COLUMNS[kind]
            frame = _get(tables, table)
            if frame is not None and column in frame.columns:
                found = frame[frame[column].astype(str).str.startswith(ident)]
                hits += [(kind, r) for r in schema.records(found.iloc[:5], table)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            shown = ", ".join(str(r[ID_COLUMNS[k][1]]) for k, r in hits[:5])
            raise ExplainError(f"{ident!r} is the start of several ids ({shown}); give more of it")
    raise ExplainError(
        f"no contradiction, claim, mention or entity has the id {ident!r}{_suggest(ident, tables)}"
    )


def _suggest(ident: str, tables: Tables) -> str:
    """``; did you mean …`` with the nearest ids and entity names."""
    from rapidfuzz import process

    choices: list[str] = []
    for kind in ("contradiction", "claim", "entity"):
        table, column = ID_COLUMNS[kind]
        frame = _get(tables, table)
        if frame is not None and column in frame.columns:
            choices += frame[column].astype(str).tolist()
    entities = _get(tables, "entities")
    if entities is not None and "name" in entities.columns:
        choices += entities["name"].astype(str).tolist()
    best = [c for c, score, _ in process.extract(ident, choices, limit=3) if score >= 60] if choices else []
    return f"; did you mean: {', '.join(best)}?" if best else ""


def _get(tables: Tables, name: str) -> pd.DataFrame | None:
    try:
        return tables[name]
    except KeyError:
        return None


def _f(value) -> str:
    """A number as people write it: 0.88, 15.3, 1.75e+11."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.2f}" if isinstance(value, float) and abs(value) < 10 else f"{value:g}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _qualifiers(raw) -> str:
    try:
        data = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return str(raw)
    return ", ".join(f"{k} {v}" for k, v in data.items()) if isinstance(data, dict) and data else "none"


class _Context:
    """Look-ups over one run's tables, and the explanation of each kind."""

    def __init__(self, tables: Tables, manifest: dict, citation_of) -> None:
        self.tables, self.manifest, self.citation_of = tables, manifest, citation_of

    def rows(self, table: str, **where) -> list[dict]:
        frame = _get(self.tables, table)
        if frame is None or not len(frame):
            return []
        mask = pd.Series(True, index=frame.index)
        for column, value in where.items():
            if column not in frame.columns:
                return []
            mask &= (
                frame[column].isin(value) if isinstance(value, list | set | tuple) else frame[column] == value
            )
        return schema.records(frame[mask], table)

    def one(self, table: str, **where) -> dict | None:
        found = self.rows(table, **where)
        return found[0] if found else None

    def title(self, doc_id: str) -> str:
        doc = self.one("documents", doc_id=doc_id)
        return str(doc["title"]) if doc and doc.get("title") else doc_id

    def text(self, doc_id: str) -> str | None:
        doc = self.one("documents", doc_id=doc_id)
        return str(doc["text"]) if doc and doc.get("text") else None

    # -- pieces shared by the kinds ---------------------------------------

    def evidence(self, claim: dict) -> list[str]:
        """The claim's sentence with its value marked, the rule that extracted it."""
        q = quote(
            claim.get("evidence") or "",
            claim.get("value_raw") or "",
            self.text(str(claim["doc_id"])),
            claim.get("char_start") if claim.get("char_start") is not None else -1,
            claim.get("char_end") if claim.get("char_end") is not None else -1,
        )
        marked = f"{q.before}{MARK}{q.value}{END}{q.after}" if q.value else q.before
        where = " (quoted from the document text)" if q.from_document else ""
        return [
            f"claim {claim['claim_id']} in {claim['doc_id']} «{self.title(str(claim['doc_id']))}»",
            f"  “{' '.join(marked.split())}”{where}",
            f"  extracted by {claim.get('extractor') or '?'} (confidence {_f(claim.get('confidence'))}); "
            f"qualifiers: {_qualifiers(claim.get('qualifiers'))}",
        ]

    def consensus_lines(self, entity_id: str, attribute: str, claim_ids: set[str]) -> list[str]:
        lines = []
        for c in self.rows("consensus", entity_id=entity_id, attribute=attribute):
            facet = f" [{c['facet']}]" if c.get("facet") else ""
            context = f" ({c['context']})" if c.get("context") else ""
            backed = claim_ids & set(c.get("support_claims") or [])
            support = f"; supported by {len(backed)} of these claims" if claim_ids else ""
            lines.append(
                f"{c['value']}{facet}{context}: confidence {_f(c.get('confidence'))}, "
                f"margin {_f(c.get('margin'))} "
                f"({c.get('method') or 'truthfinder'}, {c.get('n_docs', '?')} documents, "
                f"{c.get('n_claims', '?')} claims{support})"
            )
        return lines or ["none computed for this attribute"]

    def reference_lines(self, entity_id: str, attribute: str) -> list[str]:
        """What the reference facts document, whether the consensus agrees, and the citation."""
        lines = []
        for c in self.rows("consensus", entity_id=entity_id, attribute=attribute):
            if c.get("reference_value"):
                lines.append(
                    f"documented: {c['reference_value']} — the consensus {c.get('reference_status')}"
                )
        cited = [
            r["reference"]
            for r in self.rows("contradictions", entity_id=entity_id, attribute=attribute, kind="reference")
            if r.get("reference")
        ]
        citation = cited[0] if cited else self.citation_of(entity_id)
        if citation:
            source = "" if cited else " (from the reference facts file)"
            lines.append(f"citation{source}: {citation}")
        return lines or ["the reference facts do not cover it"]

    def how_linked(self, mention: dict) -> str:
        from pipeline.resolve.links import RULES

        method = str(mention.get("method") or "")
        meaning = RULES.get(method) or (
            "a spelling no other links to: a new entity" if method == "new" else ""
        )
        return f"{method} (score {_f(mention.get('score'))}){': ' + meaning if meaning else ''}"

    def link_line(self, link: dict, entity_id: str | None = None) -> str:
        """``Geoff Hinton ~ Geoffrey Hinton: given_name 90 — accepted, joined two clusters``."""

        def end(side: str) -> str:
            name, kind = link.get(f"{side}_name") or link.get(side), link.get(f"{side}_kind")
            owner = link.get(f"{side}_entity_id")
            tag = (
                " (catalog)" if kind == "catalog" else f" ({_n(link.get(f'{side}_mentions', 0), 'mention')})"
            )
            other = f" → {owner}" if owner and owner != entity_id else ""
            return f"{name}{tag}{other}"

        return (
            f"{end('left')} ~ {end('right')}: {link['method']} {_f(link.get('score'))} — "
            f"{link['decision']}: {link.get('reason') or ''}"
        )

    def contradiction_line(self, c: dict) -> str:
        return (
            f"{c['contradiction_id']} [{c['severity']}] {c['entity_name']} · {c['attribute']} ({c['kind']}), "
            f"rule {c.get('rule') or '?'}: {' vs '.join(c.get('values') or [])} — {c.get('review_status')}"
        )

    # -- the kinds ----------------------------------------------------------

    def contradiction(self, c: dict) -> Explanation:
        w = words()
        kind_text = w["kinds"].get(c["kind"], c["kind"])
        sections = [
            Section(
                "severity",
                [
                    f"{c['severity']} — set by rule {rule_text(c.get('rule'))}",
                    f"{c['severity']} means: {w['severities'].get(c['severity'], '?')}",
                ],
            ),
            Section("explanation", [str(c.get("explanation") or "")]),
        ]
        claims = {r["claim_id"]: r for r in self.rows("claims", claim_id=list(c.get("claim_ids") or []))}
        consensus = self.rows("consensus", entity_id=c["entity_id"], attribute=c["attribute"])
        best = {cl for row in consensus for cl in row.get("support_claims") or []}
        for side in _sides(c):
            ids = [i for i in side.get("claim_ids") or [] if i in claims]
            docs = side.get("doc_ids") or []
            flag = " — best supported" if ids and set(ids) & best else ""
            lines = []
            for i in ids:
                lines += self.evidence(claims[i])
            if not docs:
                lines.append("claimed by no document: the reference's or a derived value")
            sections.append(Section(f"side {side.get('value')} ({_n(len(docs), 'document')}){flag}", lines))
        sections.append(
            Section("consensus", self.consensus_lines(c["entity_id"], c["attribute"], set(claims)))
        )
        reference = self.reference_lines(c["entity_id"], c["attribute"])
        if c["kind"] == "reference" and c.get("reference"):
            reference = [
                f"citation: {c['reference']}",
                *[x for x in reference if not x.startswith("citation")],
            ]
        sections.append(Section("reference fact", reference))
        note = f" — {c['review_note']}" if c.get("review_note") else ""
        sections.append(
            Section(
                "review",
                [
                    f"{c.get('review_status')}{note}",
                    f'decide: recon review {c["contradiction_id"]} --status confirmed|dismissed --note "…"',
                ],
            )
        )
        title = f"{c['entity_name']} · {c['attribute']}" + (f" [{c['facet']}]" if c.get("facet") else "")
        return Explanation("contradiction", c["contradiction_id"], f"{title}, {kind_text}", sections)

    def claim(self, claim: dict) -> Explanation:
        value = f"as written {MARK}{claim.get('value_raw')}{END}; normalised {claim.get('value_norm')}"
        number = claim.get("value_num")
        if number is not None and _f(number) != str(claim.get("value_norm")):
            value += f"; as a number {_f(number)}"
        if claim.get("unit"):
            value += f"; unit {claim['unit']}"
        sections = [
            Section("evidence", self.evidence(claim)),
            Section(
                "value",
                [
                    value,
                    *(
                        [f"the value names the entity {claim['value_entity_id']}"]
                        if claim.get("value_entity_id")
                        else []
                    ),
                ],
            ),
        ]
        subject = self.one("mentions", mention_id=claim.get("subject_mention_id"))
        if subject is not None:
            sections.append(
                Section(
                    "subject",
                    [
                        f"mention {subject['mention_id']} “{subject['surface']}” → {claim['entity_id']} "
                        f"({claim['entity_name']}), linked by {self.how_linked(subject)}"
                    ],
                )
            )
        sections.append(
            Section(
                "consensus", self.consensus_lines(claim["entity_id"], claim["attribute"], {claim["claim_id"]})
            )
        )
        cited = [
            c for c in self.rows("contradictions", entity_id=claim["entity_id"])
            if claim["claim_id"] in (c.get("claim_ids") or [])
        ]  # fmt: skip
        lines = []
        for c in cited:
            lines.append(self.contradiction_line(c))
            lines.append(f"  severity rule {rule_text(c.get('rule'))}")
        sections.append(
            Section("contradictions citing it", lines or ["none: no other claim disagrees with it"])
        )
        sections.append(
            Section("reference fact", self.reference_lines(claim["entity_id"], claim["attribute"]))
        )
        title = f"{claim['entity_name']} · {claim['attribute']} = {claim.get('value_raw')}"
        return Explanation("claim", claim["claim_id"], title, sections)

    def mention(self, m: dict) -> Explanation:
        text = self.text(str(m["doc_id"]))
        start, end = int(m["char_start"]), int(m["char_end"])
        if text and 0 <= start < end <= len(text):
            q = quote("", "", text, start, end)
            context = f"“{' '.join((q.before + MARK + q.value + END + q.after).split())}”"
        else:
            context = f"“{MARK}{m['surface']}{END}” (the document text is not published)"
        entity = self.one("entities", entity_id=m["entity_id"])
        sections = [
            Section(
                "in the text",
                [f"{m['doc_id']} «{self.title(str(m['doc_id']))}», characters {start}–{end}", context],
            ),
            Section(
                "found by",
                [
                    f"detector {m.get('detector') or '?'} (confidence {_f(m.get('confidence'))}), "
                    f"type {m.get('type')}"
                ],
            ),
            Section(
                "linked to",
                [
                    f"{m['entity_id']} ({entity['name'] if entity else '?'}) by {self.how_linked(m)}",
                    f"match key {m.get('norm_key')!r}",
                ],
            ),
        ]
        key = m.get("norm_key")
        links = [  # a catalog end holds a catalog id, which may read like a key: spelling ends only
            link for link in self.rows("links")
            if any(link.get(side) == key and link.get(f"{side}_kind") == "spelling"
                   and link.get(f"{side}_entity_id") == m["entity_id"] for side in ("left", "right"))
        ]  # fmt: skip
        if _get(self.tables, "links") is None:
            sections.append(Section("links of its spelling", ["this run published no links table"]))
        else:
            lines = [self.link_line(link, m["entity_id"]) for link in links]
            sections.append(
                Section("links of its spelling", lines or ["none: its spelling is its entity's own"])
            )
        about = self.rows("claims", subject_mention_id=m["mention_id"])
        naming = self.rows("claims", value_mention_id=m["mention_id"])
        lines = [f"{c['claim_id']}: {c['attribute']} = {c.get('value_raw')}" for c in about]
        lines += [f"{c['claim_id']}: the value of {c['entity_name']} · {c['attribute']}" for c in naming]
        sections.append(Section("claims", lines or ["none"]))
        return Explanation("mention", m["mention_id"], f"“{m['surface']}” in {m['doc_id']}", sections)

    def entity(self, e: dict) -> Explanation:
        eid = e["entity_id"]
        what = [
            f"{e['name']}, a {e['type']}; {_n(e['n_mentions'], 'mention')} in {_n(e['n_docs'], 'document')}"
        ]
        if e.get("catalog_id"):
            what.append(
                f"catalog entry {e['catalog_id']}" + (f", source {e['source']}" if e.get("source") else "")
            )
        else:
            what.append("not in the catalog: known from the texts only")
        if e.get("aliases"):
            what.append("also written: " + ", ".join(e["aliases"]))
        for relation in ("part_of", "variant_of"):
            if e.get(relation):
                what.append(f"{relation.replace('_', ' ')} {e[relation]}")
        if e.get("ancestors"):
            what.append("ancestors: " + " → ".join(e["ancestors"]))
        sections = [Section("what it is", what)]
        mentions = self.rows("mentions", entity_id=eid)
        by_method: dict[str, Counter] = {}
        for m in mentions:
            by_method.setdefault(str(m["method"]), Counter())[str(m["surface"])] += 1
        sections.append(
            Section(
                "how its mentions were linked",
                [
                    f"{method}: {_n(sum(c.values()), 'mention')} ("
                    + ", ".join(f"“{s}” {n}" for s, n in c.most_common(6))
                    + (", …" if len(c) > 6 else "")
                    + ")"
                    for method, c in sorted(by_method.items(), key=lambda kv: -sum(kv[1].values()))
                ]
                or ["no mentions"],
            )
        )
        if _get(self.tables, "links") is None:
            sections.append(Section("links", ["this run published no links table (rerun to record them)"]))
        else:
            links = [
                link for link in self.rows("links")
                if eid in (link.get("left_entity_id"), link.get("right_entity_id"))
            ]  # fmt: skip
            formed = [lk for lk in links if lk["decision"] == "accepted"]
            refused = [lk for lk in links if lk["decision"] != "accepted"]
            sections.append(Section(f"links that formed it ({len(formed)})", self._listed(formed, eid)))
            sections.append(
                Section(f"candidate links refused ({len(refused)})", self._listed(refused, eid) or ["none"])
            )
        claims = self.rows("claims", entity_id=eid)
        counts = Counter(str(c["attribute"]) for c in claims)
        sections.append(
            Section("claims about it", [", ".join(f"{a} {n}" for a, n in counts.most_common()) or "none"])
        )
        consensus = [
            f"{c['attribute']}{' [' + c['facet'] + ']' if c.get('facet') else ''}: {c['value']} "
            f"(confidence {_f(c.get('confidence'))}; reference {c.get('reference_status')})"
            for c in self.rows("consensus", entity_id=eid)
        ]
        sections.append(Section("consensus values", consensus or ["none"]))
        contradictions = [self.contradiction_line(c) for c in self.rows("contradictions", entity_id=eid)]
        sections.append(Section("contradictions", contradictions or ["none"]))
        return Explanation("entity", eid, f"{e['name']} ({e['type']})", sections)

    def _listed(self, links: list[dict], entity_id: str) -> list[str]:
        lines = [self.link_line(link, entity_id) for link in links[:MAX_LINKS]]
        if len(links) > MAX_LINKS:
            lines.append(f"… and {len(links) - MAX_LINKS} more (the links table has them all)")
        return lines

    def link(self, link: dict) -> Explanation:
        from pipeline.resolve.links import RULES

        sections = [
            Section("decision", [self.link_line(link)]),
            Section("rule", [f"{link['method']}: {RULES.get(link['method'], '?')}"]),
            Section(
                "turn",
                [
                    f"weighed in turn {link['step']} of the clustering (strongest rules first)"
                    if link.get("step")
                    else "vetoed before clustering"
                ],
            ),
        ]
        title = f"{link.get('left_name')} ~ {link.get('right_name')}, {link['decision']}"
        return Explanation("link", link["link_id"], title, sections)


def _sides(c: dict) -> list[dict]:
    """The contradiction's sides (its ``sides`` column), else one side per value."""
    try:
        sides = json.loads(c.get("sides") or "[]")
    except ValueError:
        sides = []
    if isinstance(sides, list) and sides and all(isinstance(s, dict) for s in sides):
        return sides
    return [
        {"value": v, "doc_ids": c.get("doc_ids") or [], "claim_ids": c.get("claim_ids") or []}
        for v in c["values"]
    ]
