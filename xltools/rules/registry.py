"""The registry of checks: RULES, @rule for rule functions, code() for codes emitted elsewhere.

A rule is a small function over a read document that yields findings. A code is registered
without a function when something else emits it (reading a workbook, consolidating the
kommunplan or a follow-up), so the catalogue (docs/regler.md) lists every check a user can see.
A code may carry a message template (`mall`, str.format fields); finding() renders it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from xltools.config import Config
from xltools.document import Document
from xltools.findings import Finding, Loc, Severity

RuleFunc = Callable[[Document, "Context"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    kalla: str  # where in the seed (Mora kommuns styrsystem) the rule comes from
    documents: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # other documents of the same nämnd and year the rule reads
    func: RuleFunc | None = None
    doc: str = ""
    mall: str = ""  # message template (str.format) for finding(); rule functions write their own texts
    section: str | None = None  # the catalogue's section (an area module's SECTION), else by the id's prefix
    stage: str = "validate"  # where it is checked: validate (each workbook), kommunplan or uppfoljning (consolidation)


RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, *, title: str, kalla: str, documents: tuple[str, ...],
         needs: tuple[str, ...] = ()) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a unique id."""

    def deco(func: RuleFunc) -> RuleFunc:
        if id in RULES:
            raise ValueError(f"regel-id {id} finns redan")
        section = getattr(sys.modules.get(func.__module__), "SECTION", None)  # the area module's own heading
        RULES[id] = Rule(id, severity, title, kalla, documents, needs, func, (func.__doc__ or "").strip(),
                         section=section)
        return func

    return deco


def code(id: str, severity: Severity, *, title: str, kalla: str = "Mallens struktur", mall: str = "",
         doc: str = "", section: str | None = None, stage: str = "validate") -> None:
    """Register a code emitted outside a rule function (reading, files, consolidation)."""
    if id in RULES:
        raise ValueError(f"regel-id {id} finns redan")
    RULES[id] = Rule(id, severity, title, kalla, doc=doc, mall=mall, section=section, stage=stage)


def finding(id: str, loc: Loc, related: tuple[Loc, ...] = (), **params: object) -> Finding:
    """A Finding of a registered code, its message rendered from the code's template."""
    r = RULES[id]
    return Finding(r.id, r.severity, r.mall.format(**params), loc, related)


@dataclass
class Context:
    """What a rule may look at besides its document: config and the nämnd's other documents."""

    config: Config
    others: dict[str, Document] = field(default_factory=dict)  # document type -> document (same nämnd, year)
    current: Rule | None = None

    def hit(self, doc: Document, sheet: str | None, cell: str | None, message: str,
            severity: Severity | None = None, related: tuple[Loc, ...] = ()) -> Finding:
        assert self.current is not None
        return Finding(self.current.id, severity or self.current.severity, message, Loc(doc.file, sheet, cell), related)


def run_rules(doc: Document, ctx: Context, select: tuple[str, ...] = ()) -> list[Finding]:
    """Run every rule for this document type; a crashing rule becomes a fel, the rest still run."""
    out: list[Finding] = []
    for r in RULES.values():
        if r.func is None or doc.doc_type not in r.documents:
            continue
        if select and not any(r.id.startswith(s) for s in select):
            continue
        if any(n not in ctx.others for n in r.needs):
            continue
        ctx.current = r
        try:
            out.extend(r.func(doc, ctx))
        except Exception as exc:  # a broken rule must not stop validation
            out.append(Finding(r.id, Severity.FEL, f"Regeln {r.id} kunde inte köras ({exc.__class__.__name__}: {exc}). "
                               "Kontakta ekonomienheten.", Loc(doc.file)))
    return out
