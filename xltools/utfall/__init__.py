"""Utfall (outcome) from the kommun's ekonomisystem: SIE files and the CSV contract.

A standalone input layer: `sie` and `sie_write` (SIE 4 and types 1–3), `csv_export` (the
documented CSV), `mapping` (ledger dimensions -> nämnd, verksamhet, Kommun-Bas konto, with
control totals). The package imports nothing here, so importing one module never pulls in another
(pydantic stays with `mapping`).
"""
