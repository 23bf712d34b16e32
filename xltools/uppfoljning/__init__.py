"""The follow-up cycle: which report a month calls for, consolidation of the nämnder's reports,
the kommun's report workbook, JSON and HTML appendix."""
