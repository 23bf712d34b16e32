"""The November diff (issue 16 part 1): the reviderad kommunplan against the one KF adopted in June.

Both plans are the JSON contract (docs/kommunplan.md), the adopted one as recorded in the inkorg's ledger
(`xltools kommunplan --fas juni --faststall`). Changed ramar, investeringar, taxor and riktade mål are
listed as anslagsförändringar, each with the KF beslut behind the revision (planering.yaml kf_beslut).
"""

from __future__ import annotations

from typing import Any


def _ram(plan: dict[str, Any]) -> dict[tuple[str, str], float | None]:
    return {(n, y): v.get("ram") for n, years in plan.get("driftbudget", {}).items() for y, v in years.items()}


def _projekt(plan: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["namnd"], p["projekt_id"]): p for p in plan.get("investeringsprojekt", [])}


def _taxor(plan: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(t["namnd"], t["taxa_id"]): t for t in plan.get("taxor", [])}


def _mal(plan: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(m["namnd"], m["mal_id"]): m for m in plan.get("riktade_mal", [])}


def andringar(antagen: dict[str, Any], ny: dict[str, Any], beslut: str, antagen_om: dict[str, Any]) -> dict[str, Any]:
    """Every change from `antagen` to `ny`: rows {slag, namnd, id, namn, ar, fore, efter, forandring, beslut}."""
    rows: list[dict[str, Any]] = []

    def add(slag: str, namnd: str, ident: str, namn: str, ar: str | None, fore: Any, efter: Any) -> None:
        diff = (efter or 0) - (fore or 0) if isinstance(fore, int | float | None) and isinstance(efter, int | float | None) \
            else None
        rows.append({"slag": slag, "namnd": namnd, "id": ident, "namn": namn, "ar": int(ar) if ar else None,
                     "fore": fore, "efter": efter, "forandring": diff, "beslut": beslut})

    old, new = _ram(antagen), _ram(ny)
    for (n, y) in sorted(set(old) | set(new)):
        if old.get((n, y)) != new.get((n, y)):
            add("ram", n, n, "Nämndens ram", y, old.get((n, y)), new.get((n, y)))
    old_p, new_p = _projekt(antagen), _projekt(ny)
    for key in sorted(set(old_p) | set(new_p)):
        a, b = old_p.get(key), new_p.get(key)
        if a is None or b is None or a.get("utgift") != b.get("utgift") or a.get("total_utgift") != b.get("total_utgift"):
            p = b or a or {}
            for y in sorted(set((a or {}).get("utgift", {})) | set((b or {}).get("utgift", {}))):
                fore, efter = (a or {}).get("utgift", {}).get(y), (b or {}).get("utgift", {}).get(y)
                if (fore or 0) != (efter or 0):  # a year without utgift on either side is no change
                    slag = "ny investering" if a is None else "struken investering" if b is None else "investering"
                    add(slag, key[0], key[1], p.get("namn", ""), y, fore, efter)
    old_t, new_t = _taxor(antagen), _taxor(ny)
    for key in sorted(set(old_t) | set(new_t)):
        a, b = old_t.get(key), new_t.get(key)
        if (a or {}).get("foreslaget") != (b or {}).get("foreslaget"):
            add("taxa", key[0], key[1], (b or a or {}).get("taxa", ""), None, (a or {}).get("foreslaget"),
                (b or {}).get("foreslaget"))
    old_m, new_m = _mal(antagen), _mal(ny)
    for key in sorted(set(old_m) | set(new_m)):
        a, b = old_m.get(key), new_m.get(key)
        if (a or {}).get("text") != (b or {}).get("text"):
            rows.append({"slag": "nytt riktat mål" if a is None else "strukket riktat mål" if b is None
                         else "ändrat riktat mål", "namnd": key[0], "id": key[1], "namn": (b or a or {}).get("text", ""),
                         "ar": None, "fore": (a or {}).get("text"), "efter": (b or {}).get("text"), "forandring": None,
                         "beslut": beslut})
    return {"jamfort_med": antagen_om, "beslut": beslut, "rader": rows,
            "summa_ramar": {y: sum(r["forandring"] or 0 for r in rows if r["slag"] == "ram" and str(r["ar"]) == y)
                            for y in [str(x) for x in ny.get("ar", [])]}}
