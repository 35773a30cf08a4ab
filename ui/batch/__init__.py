"""The batch window: a batch skip trace over the portfolio's filter, with progress and the
report (a table and its chart)."""
