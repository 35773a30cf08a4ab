"""The purpose gate: purposes, the search request and its justification, roles."""
