"""Consolidation: accepted submissions -> the kommunplan's statements, appendices data and kontroller.

Amounts inside the consolidation are whole kronor (int); reports and the JSON show tkr.
"""
