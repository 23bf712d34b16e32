"""Validera in xlwings Lite: the Lite parts of a template (parts), the configuration bundled into it
(bundle), the code Lite runs (entry) and what IT hosts (package). A front end over validate."""
