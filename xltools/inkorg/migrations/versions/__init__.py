"""One module per revision of the ledger's schema; never edit a released one, add the next."""
