"""The report as Markdown: the same content, for terminals and the Prefect UI.

Markdown passes raw HTML through, so source text is escaped here too: HTML
special characters become entities and Markdown punctuation is backslashed,
so a document cannot inject a tag, a link or a table cell; controls and bidi
overrides are written out (:mod:`.display`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape

from pipeline import schema
from pipeline.changes import KINDS
from pipeline.report.content import DOCS_PER_SIDE, Contradiction, ReportContent, shown_sources, year_sources
from pipeline.report.display import visible

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value) -> str:
    """Inline-safe Markdown text: one line, no markup from the source."""
    text = escape(visible(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def code(value, *, in_table: bool = False) -> str:
    """A code span: Markdown shows its content literally, so only backticks matter; in a
    table cell a ``|`` would still end the cell (and what follows it, ``<img …>``, would be
    live HTML), so there it is escaped, as GFM reads ``\\|`` inside a code span in a table."""
    text = " ".join(visible(value).replace("`", "'").split())
    return "`" + (text.replace("|", "\\|") if in_table else text) + "`"


def render_markdown(content: ReportContent) -> str:
    s = content.summary
    out = ["# Contradiction report", ""]
    if s.run_id or s.generated:
        out += [" · ".join(md(x) for x in (s.run_id, s.generated) if x), ""]
    out += summary_lines(content)
    out += _since_last_run(content)
    out += _charts(content)
    out += ["## Contradictions", ""]
    if not content.contradictions:
        out += ["None found.", ""]
    for c in content.contradictions:
        out += _contradiction(c)
    out += _timeline(content)
    out += _sources(content)
    out += _validation(content)
    return "\n".join(out).rstrip() + "\n"


def summary_lines(content: ReportContent) -> list[str]:
    """The summary section alone (also used for the Prefect artifact)."""
    s = content.summary
    total = max(s.n_contradictions, 1)
    kinds = list(schema.CONTRADICTION_KINDS)
    lines = [
        "## Summary",
        "",
        f"- Documents: {s.docs_ok} read, {len(s.rejected)} rejected",
        f"- Claims: {s.n_claims} · entities: {s.n_entities} · mentions: {s.n_mentions}",
        f"- Contradictions: {s.n_contradictions}",
        f"- Review progress: {s.reviewed} of {s.n_contradictions} decided "
        f"({100 * s.reviewed / total:.0f}%) — "
        + ", ".join(f"{k} {s.review.get(k, 0)}" for k in schema.REVIEW_STATUSES),
    ]
    if s.quarantined:
        lines.append(
            "- Quarantined rows: " + ", ".join(f"{md(t)} {n}" for t, n in sorted(s.quarantined.items()))
        )
    if content.changes is not None:
        lines.append(f"- Since the last run: {md(content.changes.line())}")
    lines += ["", "| severity | " + " | ".join(kinds) + " | total |", "|---" * (len(kinds) + 2) + "|"]
    for sev in schema.SEVERITIES:
        cells = [str(s.by_severity_kind.get((sev, k), 0)) for k in kinds]
        lines.append(f"| {sev} | " + " | ".join(cells) + f" | {s.by_severity.get(sev, 0)} |")
    lines.append("")
    if s.rejected:
        lines += ["Rejected documents:", ""]
        lines += [f"- {code(d)} {md(p)}: {md(r)}" for d, p, r in s.rejected]
        lines.append("")
    return lines


def _contradiction(c: Contradiction) -> list[str]:
    lines = [
        f"### [{c.severity.upper()}] {md(c.entity_name)} · {md(c.attribute)}",
        "",
        f"{code(c.id)} · {md(', '.join(c.kinds or (c.kind,)))} · review: **{md(c.review_status)}**",
        "",
        ("Reference fact: " if c.kind == "reference" else "") + md(c.short_explanation),
        "",
        *([f"Source: {md(c.reference)}", ""] if c.reference else []),
        "| value | sources | best supported |",
        "|---|---|---|",
    ]
    for side in c.sides:
        best = "yes" if side.best_supported else ""
        more = f" and {side.more_docs} more" if side.more_docs else ""
        docs = f"{len(side.doc_ids)}: {md(', '.join(side.named_docs))}{more}" if side.doc_ids else "—"
        lines.append(f"| {md(side.value)} | {docs} | {best} |")
    lines.append("")
    for side in c.sides:
        for e in side.quotes:
            q = e.quote
            value = f"**{md(q.value)}**" if q.value else ""
            note = f" ({md(e.note)})" if e.note else ""
            lines.append(f"> {md(q.before)}{value}{md(q.after)}  ")
            lines.append(f"> — {md(e.doc_title)} ({code(e.doc_id)}){note}")
            lines.append("")
        if side.more_quotes:
            lines += [
                f"{md(side.value)}: and {side.more_quotes} more — the `claims` table, "
                f"or {code(c.explain_command)}",
                "",
            ]
    if c.consensus:
        conf = f" (confidence {c.consensus.confidence:.0%})" if c.consensus.confidence is not None else ""
        lines += [f"Best supported: **{md(c.consensus.value)}**{conf}", ""]
    lines += ["Record a decision:", "", "```", *c.review_commands, "```", ""]
    return lines


def _timeline(content: ReportContent) -> list[str]:
    by_entity: dict[str, list] = defaultdict(list)
    for y in content.years:
        by_entity[y.entity_id].append(y)
    disputed = [ys for e, ys in by_entity.items() if e in content.disputed_years]
    lines = [
        "## Timeline",
        "",
        f"{len(by_entity)} milestones dated; {len(disputed)} with disputed years "
        "(the HTML report draws them all):",
        "",
    ]
    for ys in sorted(disputed, key=lambda ys: min(y.year for y in ys)):
        claims = ", ".join(_year(claims) for _, claims in year_sources(ys))
        lines.append(f"- ⚠ {md(ys[0].entity_name)}: {claims}")
    lines.append("")
    return lines


def _year(claims: list) -> str:
    """One claimed year and who gives it: ``2012年 (3 sources: a, b, c)``, at most a few named."""
    docs = sorted({c.doc_id for c in claims})
    named = ", ".join(code(d) for d in docs[:DOCS_PER_SIDE])
    more = f" and {len(docs) - DOCS_PER_SIDE} more" if len(docs) > DOCS_PER_SIDE else ""
    return f"{md(claims[0].value_raw)} ({len(docs)}: {named}{more})"


def _sources(content: ReportContent) -> list[str]:
    lines = ["## Sources", ""]
    if content.sources is None:
        return [*lines, "Source reliability was not computed in this run.", ""]
    listed, left_out = shown_sources(content.sources)
    rows = []
    for r in listed:
        rel = "" if r.reliability is None else f"{r.reliability:.2f}"
        doc = code(r.doc_id, in_table=True)
        rows.append(f"| {md(r.title)} ({doc}) | {rel} | {r.n_claims} | {r.n_contradictions} |")
    if left_out:
        rows.insert(len(listed) // 2, f"| … {left_out} more sources: the `source_reliability` table | | | |")
    return [
        *lines,
        "| source | reliability | claims | in contradictions |",
        "|---|---:|---:|---:|",
        *rows,
        "",
    ]


def _since_last_run(content: ReportContent) -> list[str]:
    changes = content.changes
    lines = ["## Since the last run", ""]
    if changes is None:
        return [*lines, "Not compared with an earlier publish.", ""]
    if changes.first:
        return [*lines, md(changes.note or "First publish: nothing to compare with."), ""]
    lines += [f"Compared with the previous publish, run {code(changes.previous_run_id)}.", ""]
    lines += ["| contradictions | new | resolved | reopened | changed |", "|---|---:|---:|---:|---:|"]
    lines += ["| count | " + " | ".join(str(changes.count(k)) for k in KINDS) + " |", ""]
    for kind in KINDS:
        for c in changes.contradictions.get(kind, []):
            was = ""
            if kind in ("changed", "reopened") and c.previous_values is not None:
                was = f" (was {md(' vs '.join(c.previous_values))}, {md(c.previous_severity)})"
            lines.append(
                f"- {kind}: [{c.severity.upper()}] {md(c.entity_name)} · {md(c.attribute)} "
                f"({md(c.kind)}): {md(' vs '.join(c.values))}{was} {code(c.contradiction_id)}"
            )
    for kind in ("added", "changed", "removed"):
        docs = changes.documents.get(kind, [])
        if docs:
            shown = ", ".join(code(d) for d in docs[:40]) + (
                f" and {len(docs) - 40} more" if len(docs) > 40 else ""
            )
            lines.append(f"- documents {kind} ({len(docs)}): {shown}")
    if changes.empty:
        lines.append("Nothing changed: the same contradictions, from the same documents.")
    return [*lines, ""]


def _charts(content: ReportContent) -> list[str]:
    """The charts' numbers as tables (the HTML report draws them)."""
    charts = content.charts
    if charts is None:
        return []
    lines = ["## Charts", "", "The HTML report draws these numbers.", ""]
    if charts.by_attribute:
        lines += ["| attribute | " + " | ".join(schema.SEVERITIES) + " | total |", "|---" * 5 + "|"]
        for attribute, counts in charts.by_attribute:
            cells = [str(counts.get(sev, 0)) for sev in schema.SEVERITIES]
            lines.append(f"| {md(attribute)} | " + " | ".join(cells) + f" | {sum(counts.values())} |")
        lines.append("")
    for name, values in (("confidence", charts.confidence), ("margin", charts.margin)):
        if values:
            lines.append(f"- consensus {name}: {_spread(values)}")
    if charts.mention_methods:
        lines.append(
            "- mentions by link method: " + ", ".join(f"{md(m)} {n}" for m, n in charts.mention_methods)
        )
    if charts.link_rules is not None:
        lines.append(
            "- links weighed by rule (accepted/refused): "
            + ", ".join(f"{md(m)} {c.get('accepted', 0)}/{c.get('refused', 0)}" for m, c in charts.link_rules)
        )
        for decision, scores in charts.link_scores.items():
            if scores:
                lines.append(f"- scores of {decision} links: {_spread(scores)}")
    return [*lines, ""]


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    median = ordered[len(ordered) // 2]
    return f"{len(values)} values, min {ordered[0]:.2f}, median {median:.2f}, max {ordered[-1]:.2f}"


def _validation(content: ReportContent) -> list[str]:
    v = content.validation
    lines = ["## Validation", ""]
    if v is None:
        return [*lines, "No validation results in this run's manifest.", ""]
    verdict = {True: "passed", False: "failed", None: "not recorded"}[v.passed]
    lines += [
        f"The gate {verdict}: {sum(len(s.checks) for s in v.suites)} checks on {len(v.suites)} tables.",
        "",
        "| table | rows | checks | held | failed the gate | rows quarantined |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in v.suites:
        lines.append(
            f"| {md(s.table)} | {s.rows} | {len(s.checks)} | {s.passed} | {s.failed} | {s.quarantined} |"
        )
    lines.append("")
    if v.quarantine_reasons:
        lines += ["Quarantined, and why:", ""]
        lines += [f"- {md(t)}: {md(r)} ({n} rows)" for t, r, n in v.quarantine_reasons]
        lines.append("")
    broken = [(s.table, c) for s in v.suites for c in s.checks if not c.get("success")]
    if broken:
        lines += ["Checks that did not hold:", ""]
        lines += [f"- {md(t)}: {md(c.get('check'))} ({c.get('unexpected', 0)} rows)" for t, c in broken]
        lines.append("")
    return lines
