"""The project's own corpus of hostile, broken and careless submissions (issue 12, part 9).

Each case is data (model.Case): a builder that makes the input from the project's examples, and
what issue 12 requires of each command run on it. `CASES` lists them all; tests/test_hostile_corpus.py
runs them through the real command line (runner.py) and asserts the expectations (checks.py).
`python -m support.hostile OUT.md` (from tests/) writes a table of today's behaviour.
"""

from __future__ import annotations

from support.hostile import cases_cells, cases_files, cases_rules, cases_runs
from support.hostile.model import CLASSES, Case

CASES: list[Case] = [*cases_files.CASES, *cases_cells.CASES, *cases_rules.CASES, *cases_runs.CASES]

_ids = [c.id for c in CASES]
assert len(_ids) == len(set(_ids)), sorted({i for i in _ids if _ids.count(i) > 1})
assert {c.cls for c in CASES} <= set(CLASSES), {c.cls for c in CASES} - set(CLASSES)

__all__ = ["CASES", "CLASSES", "Case"]
