"""Prefect artifacts: the report summary as markdown, contradictions as a table."""

from __future__ import annotations

import json

import flows.artifacts as artifacts
from tests.helpers.tables import sample_tables


def test_publish_artifacts_sends_markdown_and_a_json_able_table(monkeypatch):
    calls = {}
    monkeypatch.setattr(artifacts, "create_markdown_artifact", lambda **kw: calls.update(md=kw))
    monkeypatch.setattr(artifacts, "create_table_artifact", lambda **kw: calls.update(table=kw))
    tables = sample_tables()
    artifacts.publish_artifacts(tables, "## Summary\n")
    assert calls["md"]["markdown"] == "## Summary\n"
    assert calls["md"]["key"] == "recon-report"
    rows = calls["table"]["table"]
    assert len(rows) == len(tables["contradictions"])
    assert rows[0]["values"] == ", ".join(tables["contradictions"]["values"][0])
    json.dumps(rows)


def test_publish_artifacts_without_contradictions(monkeypatch):
    calls = {}
    monkeypatch.setattr(artifacts, "create_markdown_artifact", lambda **kw: None)
    monkeypatch.setattr(artifacts, "create_table_artifact", lambda **kw: calls.update(table=kw))
    artifacts.publish_artifacts({}, "")
    assert calls["table"]["table"] == []
