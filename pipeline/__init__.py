"""The pure core of the reconciliation pipeline.

Stages, in the order the data flows: :mod:`pipeline.ingest` →
:mod:`pipeline.extract` → :mod:`pipeline.resolve` → :mod:`pipeline.reconcile`
→ :mod:`pipeline.validate` → :mod:`pipeline.report`. No stage does file IO or
knows about Prefect; :mod:`flows` wires them together.
"""
