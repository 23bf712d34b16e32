"""The one exception type the library raises for user-facing problems (Swedish text)."""


class XltoolsError(Exception):
    """A problem the user can fix; the message is Swedish and names file and place."""
