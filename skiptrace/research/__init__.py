"""Research: a search that ends in ranked leads, and the dispositions worked on them."""
