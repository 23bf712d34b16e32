"""The rule catalogue (docs/regler.md), rendered from the registry so it cannot drift from the code."""

from __future__ import annotations

import re

from xltools.findings import Severity
from xltools.forms import FORMS
from xltools.rules import RULES, Rule

# Sections in reading order: rule-id prefixes -> heading. Unknown prefixes get their own section last.
SECTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("FIL",), "Filen"),
    (("STR",), "Mallens struktur"),
    (("FRM",), "Mallens formler"),
    (("MAL", "NP"), "Mål och nämndplan"),
    (("VP",), "Verksamhetsplan"),
    (("INV",), "Investeringar"),
    (("EKO",), "Driftbudget och ekonomi"),
    (("TAX",), "Taxor och avgifter"),
    (("IK",), "Intern kontroll"),
    (("UPP",), "Uppföljning under året"),
    (("AR",), "Årsredovisning och verksamhetsberättelse"),
)
# Sections named by the codes themselves (Rule.section): an area module's SECTION, then these, last.
NAMED_SECTIONS = ("Kommunplanens kontroller",)
_SEVERITY = {Severity.FEL: "fel", Severity.VARNING: "varning"}
HEADER = "| Id | Allvarlighet | Vad som kontrolleras | Källa i styrsystemet | Dokument |"


def _prefix(rule_id: str) -> str:
    return rule_id.rsplit("-", 1)[0]


def _order(rule_id: str) -> tuple[str, int]:
    m = re.search(r"(\d+)$", rule_id)
    return _prefix(rule_id), int(m.group(1)) if m else 0


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _documents(r: Rule) -> str:
    if r.stage == "kommunplan":
        return "kommunplanen (alla underlag)"
    if r.stage == "uppfoljning":
        return "uppföljningen (alla rapporter)"
    if not r.documents:
        return "alla"
    out = ", ".join(FORMS[d].title if d in FORMS else d for d in r.documents)
    if r.needs:
        out += " (körs när även " + " och ".join(FORMS[d].title.lower() if d in FORMS else d for d in r.needs)
        out += " valideras i samma körning)"
    return out


def _row(r: Rule) -> str:
    what = f"**{r.title}.**" + (f" {r.doc}" if r.doc else "")
    return f"| {r.id} | {_SEVERITY[r.severity]} | {_cell(what)} | {_cell(r.kalla)} | {_cell(_documents(r))} |"


def _sections() -> list[tuple[str, list[Rule]]]:
    known = {p for prefixes, _ in SECTIONS for p in prefixes}
    plain = [r for r in RULES.values() if r.section is None]
    out = [(title, [r for r in plain if _prefix(r.id) in prefixes]) for prefixes, title in SECTIONS]
    for p in sorted({_prefix(r.id) for r in plain} - known):
        out.append((p, [r for r in plain if _prefix(r.id) == p]))
    own = [t for t in dict.fromkeys(r.section for r in RULES.values() if r.section) if t not in NAMED_SECTIONS]
    named = [*own, *NAMED_SECTIONS]  # the area modules' own sections, then the consolidation's
    out += [(title, [r for r in RULES.values() if r.section == title]) for title in named]
    return [(title, rules if title in named else sorted(rules, key=lambda r: _order(r.id))) for title, rules in out
            if rules]


def render_catalogue() -> str:
    """The Swedish Markdown catalogue of every rule and structural code."""
    counts = {s: sum(1 for r in RULES.values() if r.severity == s) for s in Severity}
    lines = [
        "# Regelkatalog",
        "",
        "<!-- Genereras från regelregistret: kör `.venv/bin/xltools regler > docs/regler.md`. Redigera inte för hand. -->",
        "",
        "Alla kontroller som xltools gör, med id, allvarlighet och var i Mora kommuns styrsystem regeln kommer "
        "ifrån: de som `xltools validate` och knappen Validera i Excel gör på varje arbetsbok, och de som "
        "`xltools kommunplan` och `xltools uppfoljning` gör när underlagen sammanställs (kommunplanens "
        "kontroller och uppföljningens kontrollsummor). Ett **fel** stoppar inlämningen (i en sammanställning: "
        "slutkod 1); en **varning** ska läsas och bedömas men stoppar inte. Se [validering.md](validering.md) "
        "för rapportens format och "
        f"slutkoder. Katalogen innehåller {len(RULES)} regler: {counts[Severity.FEL]} med allvarligheten fel "
        f"och {counts[Severity.VARNING]} med allvarligheten varning.",
        "",
        "Varje regel har minst ett testfall som får just den regeln att slå till i en annars giltig arbetsbok "
        "och ett som visar att den är tyst på giltiga underlag (`tests/test_rules.py`); kommunplanens "
        "kontroller prövas i `tests/test_kommunplan_failures.py` och `tests/consolidate/`.",
    ]
    for title, rules in _sections():
        lines += ["", f"## {title}", "", HEADER, "| --- | --- | --- | --- | --- |"]
        lines += [_row(r) for r in rules]
    return "\n".join(lines) + "\n"
