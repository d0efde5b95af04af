"""Back-office views, one module per concern; each is thin and calls selectors and services."""
