"""Taxor och avgifter and mål och mått per nämnd, in the shape the reports show them."""

from __future__ import annotations

from dataclasses import dataclass, field

from xltools.config import Config
from xltools.document import Document

OVERGRIPANDE = "Övergripande"


@dataclass
class Taxa:
    namnd: str
    namnd_namn: str
    taxa_id: str
    taxa: str
    verksamhet: str
    verksamhet_namn: str
    enhet: str
    nuvarande: float | None
    foreslaget: float | None
    motivering: str
    lagrum: str
    file: str
    sheet: str
    row: int

    @property
    def forandring(self) -> float | None:
        """Relative change (0.05 = 5 %); None for a new taxa."""
        if self.nuvarande in (None, 0) or self.foreslaget is None:
            return None
        return (self.foreslaget - self.nuvarande) / self.nuvarande

    @property
    def status(self) -> str:
        if self.nuvarande is None:
            return "Ny"
        if self.foreslaget is not None and abs(self.foreslaget - self.nuvarande) > 0.004:
            return "Ändrad"
        return "Oförändrad"


@dataclass
class Matt:
    matt: str
    enhet: str
    kalla: str
    kolada_id: str
    utgangsvarde: float | None
    malvarden: dict[int, float | None]
    riktning: str


@dataclass
class Mal:
    namnd: str
    namnd_namn: str
    mal_id: str
    typ: str
    text: str
    strategiskt_mal: str
    strategiskt_mal_text: str
    malomrade: str
    malomrade_namn: str
    file: str
    sheet: str
    row: int
    matt: list[Matt] = field(default_factory=list)


def taxor(config: Config, docs: list[tuple[Document, str]]) -> list[Taxa]:
    """All nämnders taxor, in the organisation's order, then by id."""
    order = {nid: i for i, nid in enumerate(config.namnd_ids)}
    verk = {v.kod: v.namn for v in config.kontoplan.verksamheter}
    out: list[Taxa] = []
    for doc, file in docs:
        for r in doc.rows("taxor"):
            v = str(r.get("verksamhet") or "")
            out.append(Taxa(doc.namnd, config.namnd(doc.namnd).namn, str(r.get("taxa_id") or ""),
                            str(r.get("taxa") or ""), v, verk.get(v, ""), str(r.get("enhet") or ""),
                            r.get("nuvarande"), r.get("foreslaget"), str(r.get("motivering") or ""),
                            str(r.get("lagrum") or ""), file, r.sheet, r.row))
    out.sort(key=lambda t: (order.get(t.namnd, 999), t.taxa_id.casefold(), t.row))
    return out


RIKTNING = {"hogre": "Högre är bättre", "lagre": "Lägre är bättre"}


def mal_och_matt(config: Config, docs: list[tuple[Document, str]]) -> list[Mal]:
    """Every nämnd's mål with their mått, sorted by målområde, strategiskt mål, nämnd and mål."""
    years = config.planering.ar
    sm = {m.id: m for m in config.malkedja.strategiska_mal}
    omr = {m.id: m.namn for m in config.malkedja.malomraden}
    omr_order = {m.id: i for i, m in enumerate(config.malkedja.malomraden)}
    sm_order = {m.id: i for i, m in enumerate(config.malkedja.strategiska_mal)}
    order = {nid: i for i, nid in enumerate(config.namnd_ids)}
    out: list[Mal] = []
    for doc, file in docs:
        by_id: dict[str, Mal] = {}
        for r in doc.rows("mal"):
            smid = str(r.get("strategiskt_mal") or "")
            s = sm.get(smid)
            mo = (s.malomrade or "") if s else ""
            m = Mal(doc.namnd, config.namnd(doc.namnd).namn, str(r.get("mal_id") or ""), str(r.get("typ") or ""),
                    str(r.get("text") or ""), smid, s.text if s else "", mo, omr.get(mo, OVERGRIPANDE),
                    file, r.sheet, r.row)
            by_id[m.mal_id.casefold()] = m
            out.append(m)
        for r in doc.rows("matt"):
            m = by_id.get(str(r.get("mal_id") or "").casefold())
            if m is None:
                continue
            m.matt.append(Matt(str(r.get("matt") or ""), str(r.get("enhet") or ""), str(r.get("kalla") or ""),
                               str(r.get("kolada_id") or ""), r.get("utgangsvarde"),
                               {y: r.get(f"malvarde_{i}") for i, y in enumerate(years, start=1)},
                               RIKTNING.get(str(r.get("riktning") or ""), str(r.get("riktning") or ""))))
    out.sort(key=lambda m: (omr_order.get(m.malomrade, -1), sm_order.get(m.strategiskt_mal, 999),
                            order.get(m.namnd, 999), m.typ != "riktat", m.mal_id.casefold()))
    return out
