"""status.html: the status against the årshjul as an accessible page (jinja2; Swedish)."""

from __future__ import annotations

from xltools.config import Config
from xltools.inkorg.status import Status
from xltools.reports.html import environment

TEMPLATE = "status.html.j2"


def render_status(s: Status, config: Config) -> str:
    return environment().get_template(TEMPLATE).render(s=s, reminders=s.reminders(config),
                                                       exempeldata=config.kommun.exempeldata)
