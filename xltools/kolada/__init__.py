"""Kolada (RKA): nyckeltal for the kommun's mått, with a comparison group and riket.

One module per job: the HTTP client (client.py), reading Kolada's JSON (parse.py), what one
fetch asks for and returns (fetch.py), the dated snapshot on disk (snapshot.py), the offline
CSV (csv_import.py), the values the templates and reports look up (lookup.py), and the
configuration model (settings.py; pydantic only when its YAML is read). Everything here
imports the standard library and leaf modules only, so nothing slows the start of `validate`.
"""

API_VERSION = "v3"
API_URL = "https://api.kolada.se/v3"
RIKET = "0000"
KALLA = "Kolada (RKA)"
