"""The inkorg: every submission kept in a content-addressed archive, with a ledger of versions and states.

archive.py  the archive of received files (sha256-named, written once, never deleted)
sources.py  what a user hands over (files, folders, saved e-mails) -> items to receive, or refusals
schema.py   the ledger's tables (SQLAlchemy Core) and the states of a submission
store.py    opening a ledger (SQLite file or PostgreSQL URL), its migrations, Swedish database errors
ledger.py   entries: receiving one, supersession, state changes, locks; history and latest accepted
place.py    where an inkorg is (folder, archive, ledger file, database URL)
receive.py  items -> archive -> validate -> ledger; orphans left by an interrupted run
status.py   who must hand in what, due when, and where each stands (against the årshjul)

The database libraries (SQLAlchemy, Alembic, psycopg) are imported only by store.py, ledger.py and
receive.py, never on the start-up path of `xltools validate` or the add-in.
"""
