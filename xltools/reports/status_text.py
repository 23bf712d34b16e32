"""The status against the årshjul for a terminal, and the reminder list to paste into an e-mail."""

from __future__ import annotations

from xltools.config import Config
from xltools.inkorg.status import Cell, Status


def short(c: Cell) -> str:
    """A cell in few characters (the terminal table); the full text is in status.xlsx/html/json."""
    if c.status == "godkand":
        text = "godkänd"
    elif c.status == "med_fel":
        text = f"fel ({c.errors})"
    elif c.status == "forsenad":
        text = f"försenad {c.days_late} d"
    elif c.status == "inlamnad":
        text = "väntar"
    elif c.status == "atersand":
        text = "återsänd"
    elif c.status == "ej_aktuell":
        return "–"
    else:
        text = "saknas"
    if c.dokstatus and c.dokstatus != "fastställd" and c.status != "saknas":
        text += f" ({c.dokstatus[:5]}.)"
    if c.days_late and c.status not in ("forsenad", "saknas"):
        text += f" sen {c.days_late} d"
    return text


def table(s: Status) -> str:
    """One row per nämnd that must submit (and per unit of its organisation, as nämnd/enhet), one column per
    document due; then who need not and why."""
    heads = ["Nämnd", *(d.dokument for d in s.due)]
    rows = [[r.ident + " " + r.label[:22], *(short(c) for c in r.cells)] for r in s.required]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(heads)]
    lines = [f"Status {s.what} – {s.kommun}, {s.datum.isoformat()}",
             "  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append("Sista dag: " + "; ".join(f"{d.dokument} {d.deadline.isoformat() if d.deadline else '–'}"
                                           for d in s.due))
    for r in s.rows:
        if not r.required:
            lines.append(f"Lämnar inte in: {r.namn} – {r.why}.")
    n = s.counts()
    lines.append(f"Summa: {n['godkand']} godkända, {n['med_fel']} med fel, {n['inlamnad']} väntar, {n['atersand']} "
                 f"återsända, {n['saknas']} saknas, {n['forsenad']} försenade.")
    return "\n".join(lines)


def reminders(s: Status, config: Config) -> str:
    """The reminder list: nämnd, dokument, dagar kvar (or days late), contact; ready to paste."""
    items = s.reminders(config)
    if not items:
        return f"Påminnelser {s.what}, {s.datum.isoformat()}: inga – allt som krävs är godkänt eller inlämnat."
    lines = [f"Påminnelser {s.what} ({s.kommun}), {s.datum.isoformat()}:"]
    for m in items:
        if m.days_left is None:
            when = "ingen sista dag"
        elif m.days_left < 0:
            when = f"{-m.days_left} dagar sent (sista dag {m.deadline.isoformat()})"  # type: ignore[union-attr]
        else:
            when = f"{m.days_left} dagar kvar (sista dag {m.deadline.isoformat()})"  # type: ignore[union-attr]
        contact = f" – kontakt: {m.contact}" if m.contact else ""
        lines.append(f"- {m.namn}: {m.title.lower()} – {m.status}; {when}{contact}")
    return "\n".join(lines)
