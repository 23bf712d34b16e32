"""Rules and codes: the registry (registry.py) filled by the area modules, imported here in a fixed order.

struktur (codes emitted while reading), beslut, bol, mal, vp, inv, lok, eko, rim, tax, ik, upp, utf, celltext (rule functions)
and kontroller (codes the consolidation emits); catalogue.py renders docs/regler.md from the registry.
"""

from xltools.rules import (  # noqa: F401
    beslut,
    bol,
    celltext,
    eko,
    ik,
    inv,
    kontroller,
    lok,
    mal,
    rim,
    struktur,
    tax,
    upp,
    utf,
    vp,
)
from xltools.rules.registry import RULES, Context, Rule, code, finding, rule, run_rules

__all__ = ["RULES", "Rule", "Context", "rule", "code", "finding", "run_rules"]
