"""Portfolios: reading files, mapping cells, the all-or-nothing import, the logged reveal."""
