"""Synthetic example submissions (syntetiska exempeldata) and the demo: `xltools exempel [--uppfoljning]`
and `make demo`. Outside every runtime path: only the command line imports this package."""
