"""Research: a search that ends in ranked leads, the dispositions worked on them, the
lead rows the research view lists, and the desk the account and research screens ask."""
