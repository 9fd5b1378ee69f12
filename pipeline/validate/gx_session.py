"""Running expectation suites with Great Expectations 1.x, in memory.

Everything that touches GX lives here and imports it on first use: the import
costs seconds, and only the validation step should pay for it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pandas as pd

from pipeline.validate.checks import ROW


def preload() -> None:
    """Import GX now (callers run this in a thread while other stages work: it takes seconds)."""
    import great_expectations  # noqa: F401
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: F401


class GxSession:
    """One ephemeral GX context with a pandas data source; validates frames."""

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        # this GX module pins its own logger to INFO and announces a temporary
        # docs directory for every ephemeral context
        logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
        self._context = gx.get_context(mode="ephemeral")
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._source = self._context.data_sources.add_pandas("recon")

    def validate(self, name: str, frame: pd.DataFrame, suite: dict, parameters: dict[str, Any]) -> dict:
        """The JSON-able GX result of ``suite`` on ``frame``.

        Row-level results list, for every unexpected row, its ``_row`` and its
        id, so failures can be explained and rows quarantined.
        """
        asset = self._source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": frame}
        )
        id_column = suite.get("meta", {}).get("id_column")
        index_columns = [ROW, *([id_column] if id_column in frame.columns else [])]
        result = batch.validate(
            self._suite(suite),
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": index_columns,
                "partial_unexpected_count": 5,
            },
            expectation_parameters=parameters,
        )
        # round-trip through JSON: numpy scalars and the like become plain values
        return json.loads(json.dumps(result.to_json_dict(), default=str))

    def _suite(self, suite: dict):
        """Build the suite strictly: GX only logs an invalid expectation and drops it."""
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        name = suite.get("name", "?")
        expectations = []
        for i, spec in enumerate(suite.get("expectations", [])):
            try:
                expectations.append(ExpectationConfiguration(**spec).to_domain_obj())
            except Exception as err:
                raise ValueError(
                    f"suite {name!r}: expectation #{i} ({spec.get('type')}) is invalid: {err}"
                ) from err
        return self._gx.ExpectationSuite(
            name=name, expectations=expectations, meta=dict(suite.get("meta", {}))
        )
