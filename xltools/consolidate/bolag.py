"""The kommun's bolag in the kommunplan (issue 15 part 6): the bolagsplan per bolag, KF's borgensramar
and the bolagen together at the kommun's ägarandel (kronor throughout; reports show tkr)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xltools.config import Config
from xltools.consolidate.balansposter import Balansposter
from xltools.consolidate.facts import kr
from xltools.document import Document, Row

RESULTAT = ("intakter", "kostnader", "avskrivningar", "finansnetto", "resultat")
BALANS = ("anlaggningstillgangar", "omsattningstillgangar", "tillgangar", "eget_kapital", "avsattningar",
          "langfristiga_skulder", "kortfristiga_skulder", "ek_och_skulder")


@dataclass(frozen=True)
class Agarmal:
    """A mål of the ägardirektiv with its mått and målvärde per year, as the bolagsplan gives them."""

    id: str
    text: str
    matt: str
    enhet: str
    malvarde: dict[int, float | None]


@dataclass(frozen=True)
class BolagPlan:
    """One bolag: owned share, KF's borgensram, the kommun's borgen and lån, and its bolagsplan (when handed in)."""

    id: str
    namn: str
    agarandel: float
    verksamhet: str
    borgensram: dict[int, int]
    borgen_kommunen: dict[int, int]  # the ansvarsförbindelse in the kommun's balansbudget (UB)
    lan_fran_kommunen: dict[int, int]  # the kommun's lån till bolaget (UB)
    borgen: dict[int, int | None] = field(default_factory=dict)  # the bolagsplan: lån med kommunal borgen
    resultat: dict[int, dict[str, int]] = field(default_factory=dict)
    balans: dict[int, dict[str, int]] = field(default_factory=dict)
    investeringar: dict[int, int] = field(default_factory=dict)
    mal: tuple[Agarmal, ...] = ()
    kontroller: int = 0  # rows of the intern kontrollplan
    celler: dict[str, str] = field(default_factory=dict)  # "<table>.<key>.<year>" -> "Sheet!A1" in the bolagsplan

    def soliditet(self, year: int) -> float | None:
        b = self.balans.get(year)
        return b["eget_kapital"] / b["tillgangar"] if b and b["tillgangar"] else None


@dataclass(frozen=True)
class Bolagen:
    bolag: tuple[BolagPlan, ...]
    file: str | None  # the bolagsplan used, None when none was handed in

    def sammantaget(self, year: int) -> dict[str, int]:
        """The bolagen together: resultat and investeringar at the kommun's ägarandel; borgen and borgensram whole."""
        return {
            "resultat_agarandel": round(sum(b.resultat.get(year, {}).get("resultat", 0) * b.agarandel / 100
                                            for b in self.bolag)),
            "investeringar_agarandel": round(sum(b.investeringar.get(year, 0) * b.agarandel / 100 for b in self.bolag)),
            "borgen": sum(b.borgen_kommunen.get(year, 0) for b in self.bolag),
            "borgensram": sum(b.borgensram.get(year, 0) for b in self.bolag),
        }


def _by_bolag(rows: list[Row], bolag: str) -> list[Row]:
    return [r for r in rows if r.get("bolag") == bolag]


def _cells(doc: Document, table: str, keys: tuple[str, ...], rows: list[Row], year: int) -> dict[str, str]:
    """Where each amount of a bolag's year stands in the bolagsplan ("<table>.<key>.<year>" -> "Sheet!A1[,…]")."""
    out: dict[str, str] = {}
    for k in keys:
        sheet, letter = doc.refs.get(f"{table}.{k}", ("", ""))
        if letter and rows:
            out[f"{table}.{k}.{year}"] = f"{sheet}!" + ",".join(f"{letter}{r.row}" for r in rows)
    return out


def bolagen(config: Config, poster: Balansposter | None, doc: Document | None, file: str | None) -> Bolagen:
    """Every bolag of the organisation with a borgensram, borgen, lån or a bolagsplan, in the config's order."""
    years = config.planering.ar
    out = []
    for b in config.organisation.bolag:
        borgen_k = {y: sum(x.roll.ub for x in poster.borgen[y] if x.bolag == b.id) for y in years} if poster else {}
        lan = {y: sum(x.roll.ub for x in poster.lan_till_bolag[y] if x.bolag == b.id) for y in years} if poster else {}
        plan = BolagPlan(b.id, b.namn, b.agarandel, b.verksamhet or "", {y: kr(b.borgensram.get(y, 0)) for y in years},
                         borgen_k, lan)
        if doc is not None and b.bolagsplan:
            plan = _from_doc(plan, doc, years)
        if any(plan.borgensram.values()) or any(borgen_k.values()) or any(lan.values()) or plan.resultat:
            out.append(plan)
    return Bolagen(tuple(out), file if doc is not None else None)


def _from_doc(plan: BolagPlan, doc: Document, years: list[int]) -> BolagPlan:
    res = {r.get("ar"): r for r in _by_bolag(doc.rows("resultat"), plan.id)}
    bal = {r.get("ar"): r for r in _by_bolag(doc.rows("balans"), plan.id)}
    bor = {r.get("ar"): r for r in _by_bolag(doc.rows("borgen"), plan.id)}
    inv = _by_bolag(doc.rows("investeringar"), plan.id)

    def kr_row(r: Row | None, keys: tuple[str, ...]) -> dict[str, int]:
        return {k: kr(r.get(k)) if r is not None else 0 for k in keys}

    resultat = {y: kr_row(res.get(y), RESULTAT[:4]) for y in years if y in res}
    for v in resultat.values():
        v["resultat"] = v["intakter"] - v["kostnader"] - v["avskrivningar"] + v["finansnetto"]
    balans = {y: kr_row(bal.get(y), BALANS) for y in years if y in bal}
    for v in balans.values():
        v["tillgangar"] = v["anlaggningstillgangar"] + v["omsattningstillgangar"]
        v["ek_och_skulder"] = v["eget_kapital"] + v["avsattningar"] + v["langfristiga_skulder"] + v["kortfristiga_skulder"]
    mal = tuple(Agarmal(str(r.get("mal_id") or ""), str(r.get("mal") or ""), str(r.get("matt") or ""),
                        str(r.get("enhet") or ""), {y: r.get(f"malvarde_{i}") for i, y in enumerate(years, start=1)})
                for r in _by_bolag(doc.rows("mal"), plan.id))
    celler: dict[str, str] = {}
    for i, y in enumerate(years, start=1):
        celler |= _cells(doc, "resultat", RESULTAT, [res[y]] if y in res else [], y)
        celler |= _cells(doc, "balans", BALANS, [bal[y]] if y in bal else [], y)
        celler |= _cells(doc, "borgen", ("borgen",), [bor[y]] if y in bor else [], y)
        celler |= {k.replace(f"utgift_{i}", "utgift"): v for k, v in _cells(doc, "investeringar", (f"utgift_{i}",), inv, y).items()}
    return BolagPlan(
        plan.id, plan.namn, plan.agarandel, plan.verksamhet, plan.borgensram, plan.borgen_kommunen,
        plan.lan_fran_kommunen,
        borgen={y: (kr(bor[y].get("borgen")) if bor[y].get("borgen") is not None else None) for y in years if y in bor},
        resultat=resultat, balans=balans,
        investeringar={y: sum(kr(r.get(f"utgift_{i}")) for r in inv) for i, y in enumerate(years, start=1)},
        mal=mal, kontroller=len(_by_bolag(doc.rows("intern_kontroll"), plan.id)), celler=celler)
