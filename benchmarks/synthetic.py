"""A synthetic large kommun for benchmarks, generated reproducibly from a seed.

`make_kommun(seed, namnder, root)` writes
  root/config/      a copy of config/ with a generated organisation (nämnder, ramar,
                    verksamheter, riktade mål) and an economy scaled to the ramar,
  root/inkorg/<nämnd>/  one filled workbook per nämnd and planning document (7 per nämnd),
                    written with the project's own template writer.
xltools plans and consolidates per nämnd (one submission per nämnd, document and year), so a
large city's hundreds of budget-responsible units are modelled as that many "nämnder" in the
config: ~1 000 workbooks = ~143 units × 7 documents.
Internal items tie out: Fastighetsnämndens internhyror and Intraservicenämndens tjänster are
booked as cost by up to 40 other units and as income by the seller, so the consolidation's
eliminations balance. Everything is syntetiska exempeldata.

The same (seed, namnder) gives the same files (cell for cell); `manifest.json` in root
records what was generated, so a second run reuses the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = "2"  # bump when the generated content changes
DOCS = ("namndplan", "verksamhetsplan", "investeringsplan", "internhyror", "taxor", "driftbudget",
        "internkontrollplan")
MAX_PARTNERS = 40  # tenants of internhyra and buyers of internal services (the tables' row limits)

_FACK = [
    ("fn", "Fastighetsnämnden", "Fastighetsförvaltningen", ["800", "250"]),
    ("isn", "Intraservicenämnden", "Intraserviceförvaltningen", ["925", "930", "935"]),
    ("gsn", "Grundskolenämnden", "Grundskoleförvaltningen", ["405", "410", "415", "420"]),
    ("fsn", "Förskolenämnden", "Förskoleförvaltningen", ["400"]),
    ("utn", "Utbildningsnämnden", "Utbildningsförvaltningen", ["440", "445", "450", "455"]),
    ("sn", "Socialnämnden", "Socialförvaltningen", ["540", "545", "600"]),
    ("aon", "Äldrenämnden", "Äldreförvaltningen", ["500", "505"]),
    ("fun", "Funktionsstödsnämnden", "Funktionsstödsförvaltningen", ["510"]),
    ("kn", "Kulturnämnden", "Kulturförvaltningen", ["300", "310", "315"]),
    ("ifn", "Idrotts- och föreningsnämnden", "Idrotts- och föreningsförvaltningen", ["340", "345", "350"]),
    ("trn", "Trafiknämnden", "Trafikkontoret", ["250"]),
    ("pnn", "Park- och naturnämnden", "Park- och naturförvaltningen", ["255"]),
    ("bn", "Byggnadsnämnden", "Stadsbyggnadskontoret", ["215", "580"]),
    ("mkn", "Miljö- och klimatnämnden", "Miljöförvaltningen", ["260"]),
    ("amn", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", ["610"]),
    ("rn", "Räddningsnämnden", "Räddningstjänsten", ["270", "275"]),
    ("vn", "Valnämnden", "Valkansliet", ["130"]),
    ("of", "Överförmyndarnämnden", "Överförmyndarförvaltningen", ["135"]),
]
_OMRADEN = ["Norr", "Söder", "Öster", "Väster", "Centrum", "Hamnen", "Skogen", "Ängen", "Sjöstaden",
            "Kullen", "Dalen", "Bergen", "Strand", "Viken", "Åsen", "Lunden", "Backen", "Torpet", "Gärdet",
            "Hagen", "Mossen", "Näset", "Udden", "Holmen"]
_SDN_VERKSAMHETER = ["400", "405", "410", "415", "500", "505", "540", "545", "340", "350"]
_KOSTNAD = ["50", "51", "53", "55", "56", "57", "60", "61", "62", "64", "65", "66", "68", "70", "74", "75", "76"]
_INTAKT = ["30", "31", "35", "36", "38"]
_ORD = ["trygghet", "delaktighet", "digitalisering", "kompetens", "hälsa", "klimat", "service", "kvalitet",
        "tillgänglighet", "samverkan", "effektivitet", "likvärdighet"]


@dataclass(frozen=True)
class Spec:
    """One workbook to write."""

    doc_type: str
    namnd: str
    path: str


def _namnder(rnd: random.Random, n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{
        "id": "ks", "namn": "Kommunstyrelsen", "typ": "styrelse", "forvaltning": "Stadsledningskontoret",
        "verksamheter": ["100", "120", "220", "225", "920"],
    }]
    for nid, namn, forv, verks in _FACK[: max(0, n - 1)]:
        d: dict[str, Any] = {"id": nid, "namn": namn, "typ": "egen", "forvaltning": forv, "verksamheter": ["100", *verks]}
        if nid == "fn":
            d["lokalagare"] = d["tar_ut_internhyra"] = True
        if nid == "of":
            d["typ"] = "overformyndare"
        out.append(d)
    for i in range(n - len(out)):
        omr = _OMRADEN[i % len(_OMRADEN)] + ("" if i < len(_OMRADEN) else f" {i // len(_OMRADEN) + 1}")
        verks = sorted(rnd.sample(_SDN_VERKSAMHETER, rnd.randint(4, 7)))
        out.append({"id": f"sdn{i + 1:03d}", "namn": f"Stadsdelsnämnden {omr}", "typ": "egen",
                    "forvaltning": f"Stadsdelsförvaltningen {omr}", "verksamheter": ["100", *verks]})
    return out[:n]


def make_config(seed: int, n_namnder: int, target: Path) -> None:
    """Write a config folder: config/ with a generated organisation, målkedja and economy."""
    rnd = random.Random(f"{seed}:config:{n_namnder}")
    src = ROOT / "config"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("planering", "kontoplan", "arshjul"):
        shutil.copyfile(src / f"{name}.yaml", target / f"{name}.yaml")

    def load(name: str) -> Any:
        return yaml.safe_load((src / f"{name}.yaml").read_text(encoding="utf-8"))

    planering = load("planering")
    years = [planering["budgetar"], *planering["planar"]]
    namnder = _namnder(rnd, n_namnder)

    ekonomi = load("ekonomi")
    mora = {y: sum(r[y] for r in ekonomi["ramar"].values()) for y in years}
    ramar: dict[str, dict[int, float]] = {}
    for n in namnder:
        base = round(rnd.lognormvariate(13.3, 0.8) / 100) * 100  # ~600 mnkr median
        ramar[n["id"]] = {y: round(base * 1.025 ** i / 100) * 100 for i, y in enumerate(years)}
    total = {y: sum(r[y] for r in ramar.values()) for y in years}
    k = total[years[0]] / mora[years[0]]

    def scale(v: Any, f: float) -> Any:
        if isinstance(v, dict):
            return {key: scale(x, f) for key, x in v.items()}
        return round(v * f) if isinstance(v, int | float) and not isinstance(v, bool) else v

    for key in ("skatteintakter", "generella_statsbidrag_och_utjamning"):
        ekonomi[key] = {y: round(ekonomi[key][y] * total[y] / mora[y]) for y in years}
    for key in ("befintliga_avskrivningar", "finansforvaltning", "investeringsram"):
        if key in ekonomi:
            ekonomi[key] = scale(ekonomi[key], k)
    ib = {**scale(ekonomi["ingaende_balans"], k), "ar": ekonomi["ingaende_balans"]["ar"],
          "typ": ekonomi["ingaende_balans"]["typ"]}
    assets = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar",
              "maskiner_och_inventarier", "finansiella_anlaggningstillgangar", "forrad_och_exploatering",
              "fordringar", "kortfristiga_placeringar", "kassa_och_bank")
    debts = ("avsattningar_for_pensioner", "andra_avsattningar", "langfristiga_skulder", "kortfristiga_skulder")
    ib["eget_kapital"] = sum(ib.get(a, 0) for a in assets) - sum(ib.get(d, 0) for d in debts)  # balances after rounding
    ekonomi["ingaende_balans"] = ib
    ekonomi["lan"] = {"rantesats": ekonomi["lan"]["rantesats"], **{
        key: scale(v, k) for key, v in ekonomi["lan"].items() if key != "rantesats"}}
    ekonomi["ramar"] = ramar

    malkedja = load("malkedja")
    sm = [m["id"] for m in malkedja["strategiska_mal"] if not m.get("overgripande")]
    riktade = []
    for n in namnder:
        for _ in range(rnd.randint(1, 2)):
            i = len(riktade) + 1
            riktade.append({"id": f"RM{i}", "namnd": n["id"], "strategiskt_mal": rnd.choice(sm), "ar": years,
                            "text": f"Syntetiskt riktat mål {i}: {rnd.choice(_ORD)} i {n['namn'].lower()} ska öka."})
    malkedja["riktade_mal"] = riktade

    kommun = load("kommun")
    kommun.update(namn="Storstads kommun", kommunkod="0999", organisationsnummer="212000-0999", lan="Exempellän",
                  invanare={y - 1: round(20500 * k) for y in years}, exempeldata="syntetiska exempeldata")
    organisation = load("organisation")
    organisation.update(kommunfullmaktige={"namn": "Kommunfullmäktige", "ledamoter": 101}, namnder=namnder)

    head = "# Syntetiska exempeldata för prestandamätning (benchmarks/synthetic.py) – ingen verklig kommun.\n"
    for name, data in (("kommun", kommun), ("organisation", organisation), ("malkedja", malkedja),
                       ("ekonomi", ekonomi)):
        (target / f"{name}.yaml").write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")


# ---------------------------------------------------------------------------- workbook values
def _money(rnd: random.Random, lo: int, hi: int) -> int:
    return rnd.randint(lo, hi)


def _nm_count(seed: int, namnd: str) -> int:
    return random.Random(f"{seed}:nm:{namnd}").randint(2, 5)


def mal_ids(config: Any, seed: int, namnd: str) -> list[str]:
    """The mål ids of a nämnd's nämndplan: its riktade mål and its nämndmål NM1.."""
    year = config.planering.budgetar
    return [r.id for r in config.riktade_mal_for(namnd, year)] + [f"NM{i}" for i in range(1, _nm_count(seed, namnd) + 1)]


def _namndplan(config: Any, seed: int, namnd: str, rnd: random.Random) -> dict[str, Any]:
    sm = [m.id for m in config.malkedja.strategiska_mal if not m.overgripande]
    mal = [{"mal_id": f"NM{i}", "typ": "namndmal", "strategiskt_mal": rnd.choice(sm),
            "text": f"Nämndmål {i}: {rnd.choice(_ORD)} och {rnd.choice(_ORD)} ska förbättras under planperioden."}
           for i in range(1, _nm_count(seed, namnd) + 1)]
    matt = []
    for mid in mal_ids(config, seed, namnd):
        for j in range(rnd.randint(1, 3)):
            base = round(rnd.uniform(40, 90), 1)
            row = {"mal_id": mid, "matt": f"Andel nöjda ({rnd.choice(_ORD)}), mått {j + 1}", "enhet": "procent",
                   "kalla": rnd.choice(["Egen mätning", "Kolada", "Medborgarundersökning"]),
                   "utgangsvarde": base, "riktning": "hogre"}
            if rnd.random() < 0.4:
                row["kolada_id"] = f"N{rnd.randint(10000, 99999)}"
            for i in (1, 2, 3):
                row[f"malvarde_{i}"] = round(base + i * rnd.uniform(0.5, 2.0), 1)
            matt.append(row)
    return {"rows": {"mal": mal, "matt": matt[:40]}}


def _verksamhetsplan(config: Any, seed: int, namnd: str, rnd: random.Random) -> dict[str, Any]:
    year = config.planering.budgetar
    ids = mal_ids(config, seed, namnd)
    n = max(len(ids), rnd.randint(15, 40))
    rows = []
    for k in range(n):
        start = dt.date(year, rnd.randint(1, 6), rnd.randint(1, 28))
        avd = rnd.randint(1, 8)
        rows.append({
            "aktivitet_id": f"A{k + 1:02d}",
            "aktivitet": f"Utveckla {rnd.choice(_ORD)} genom {rnd.choice(_ORD)} i verksamheten",
            "mal_id": ids[k] if k < len(ids) else rnd.choice(ids),
            "enhet": f"Avdelning {avd}", "ansvarig": f"Avdelningschef {avd}",
            "start": start, "klart": dt.date(year, rnd.randint(start.month + 1, 12), rnd.randint(1, 28)),
            "status": rnd.choice(["ej_paborjad", "pagar"]),
        })
    return {"rows": {"aktiviteter": rows}}


@dataclass(frozen=True)
class _Internal:
    """Internal items of the kommun: rent per tenant and services per buyer (tkr, integers)."""

    rent: dict[str, list[tuple[str, str, int, int]]]  # tenant -> [(objekt_id, objekt, yta, hyra_m2)]
    services: dict[str, tuple[str, str, int, int]]  # buyer -> (tjanst_id, tjanst, pris, antal)

    def rent_tkr(self, tenant: str) -> int:
        return sum(yta * hyra // 1000 for _, _, yta, hyra in self.rent.get(tenant, []))

    def service_tkr(self, buyer: str) -> int:
        s = self.services.get(buyer)
        return s[2] * s[3] // 1000 if s else 0


def internal_items(config: Any, seed: int) -> _Internal:
    rnd = random.Random(f"{seed}:internal")
    ids = config.namnd_ids
    rent: dict[str, list[tuple[str, str, int, int]]] = {}
    if "fn" in ids:
        tenants = [n for n in ids if n != "fn"][:MAX_PARTNERS]
        k = 0
        for t in tenants:
            for _ in range(1 if len(tenants) > 30 else rnd.randint(1, 2)):
                k += 1
                rent.setdefault(t, []).append((f"L{k:03d}", f"Lokal {k} ({rnd.choice(_OMRADEN)})",
                                               10 * rnd.randint(50, 900), 100 * rnd.randint(8, 25)))
    services: dict[str, tuple[str, str, int, int]] = {}
    if "isn" in ids:
        for i, b in enumerate([n for n in ids if n != "isn"][:MAX_PARTNERS]):
            services[b] = (f"T{i + 1:02d}", f"IT- och lönetjänster ({b})", 100 * rnd.randint(5, 40),
                           10 * rnd.randint(10, 200))
    return _Internal(rent, services)


def _driftbudget(config: Any, namnd: str, rnd: random.Random, internal: _Internal) -> dict[str, Any]:
    year = config.planering.budgetar
    ram = config.ekonomi.ramar[namnd]
    target = {i: ram[year + i - 1] * rnd.uniform(0.97, 0.995) for i in (1, 2, 3)}
    verks = config.namnd(namnd).verksamheter
    rows: list[dict[str, Any]] = []
    fixed = {i: 0 for i in (1, 2, 3)}
    # Internal items: intern kostnad at the buyer, intern intäkt at the seller (same amounts).
    rent, service = internal.rent_tkr(namnd), internal.service_tkr(namnd)
    if rent:
        rows.append({"verksamhet": verks[0], "konto": "6011", "motpart": "fn", "beskrivning": "Internhyra",
                     **{f"kostnader_{i}": rent for i in (1, 2, 3)}})
    if service:
        rows.append({"verksamhet": verks[0], "konto": "7491", "motpart": "isn", "beskrivning": "Interna tjänster",
                     **{f"kostnader_{i}": service for i in (1, 2, 3)}})
    for buyer, konto, amount in (
        [(t, "3411", internal.rent_tkr(t)) for t in internal.rent] if namnd == "fn" else
        [(b, "3691", internal.service_tkr(b)) for b in internal.services] if namnd == "isn" else []
    ):
        rows.append({"verksamhet": verks[0], "konto": konto, "motpart": buyer, "beskrivning": f"Intern intäkt {buyer}",
                     **{f"intakter_{i}": amount for i in (1, 2, 3)}})
    for r in rows:
        for i in (1, 2, 3):
            fixed[i] += r.get(f"kostnader_{i}", 0) - r.get(f"intakter_{i}", 0)
    pairs = [(v, k) for v in verks for k in _KOSTNAD + _INTAKT]
    rnd.shuffle(pairs)
    n = min(60 - len(rows), rnd.randint(20, 45))
    chosen = pairs[:n]
    if not any(k in _KOSTNAD for _, k in chosen):
        chosen[0] = (chosen[0][0], "50")
    w = [(v, k, rnd.uniform(0.2, 3.0)) for v, k in chosen]
    cost_w = sum(x for _, k, x in w if k in _KOSTNAD)
    inc_w = sum(x for _, k, x in w if k in _INTAKT)
    for v, k, x in w:
        r: dict[str, Any] = {"verksamhet": v, "konto": k, "beskrivning": f"{rnd.choice(_ORD).capitalize()}"}
        for i in (1, 2, 3):
            net = max(target[i] - fixed[i], 1000.0)
            inc_total = 0.12 * net if inc_w else 0.0
            if k in _KOSTNAD:
                r[f"kostnader_{i}"] = round((net + inc_total) * x / cost_w)
            else:
                r[f"intakter_{i}"] = round(inc_total * x / inc_w)
        rows.append(r)
    return {"rows": {"drift": rows}, "fields": {"kommentar": "Internbudget (syntetiska exempeldata)."}}


def _investeringsplan(config: Any, namnd: str, rnd: random.Random) -> dict[str, Any]:
    year = config.planering.budgetar
    owner = namnd == "fn"
    kats = [k for k in config.ekonomi.investeringskategorier if k.lokal == owner] or config.ekonomi.investeringskategorier
    konto = {"programvaror": "10", "gator_vagar": "11", "park_idrott": "11", "verksamhetslokaler": "11",
             "skolor_forskolor": "11"}
    projekt, kalkyl, inkop = [], [], []
    for p in range(rnd.randint(20, 35) if owner else rnd.randint(3, 12)):
        kat = rnd.choice(kats)
        pid = f"P{p + 1:02d}"
        start = rnd.randint(year - 1, year + 1)
        utg = {f"utgift_{i}": _money(rnd, 200, 20000) if year + i - 1 >= start else 0 for i in (1, 2, 3)}
        utg = {k: v for k, v in utg.items() if v} or {"utgift_1": _money(rnd, 200, 5000)}
        senare = _money(rnd, 0, 10000) if rnd.random() < 0.3 else 0
        total = sum(utg.values()) + senare
        projekt.append({"projekt_id": pid, "namn": f"{kat.namn}, objekt {p + 1}", "kategori": kat.id,
                        "lokal": "ja" if kat.lokal else "nej", "konto": konto.get(kat.id, "12"), "start": start,
                        "aktivering": start + rnd.randint(0, 2), **utg, **({"utgift_senare": senare} if senare else {})})
        kalkyl.append({"projekt_id": pid, "belopp": total, "avskrivningstid": kat.avskrivningstid,
                       "ovriga_driftkostnader": _money(rnd, 0, 500)})
        inkop.append({"upphandling": f"Upphandling av {kat.namn.lower()}", "projekt_id": pid, "varde": total,
                      "form": rnd.choice(["direkt", "forenklat", "oppet", "avrop"]),
                      "start": dt.date(start, rnd.randint(1, 12), 1), "ansvarig": "Inköpssamordnare"})
    return {"rows": {"projekt": projekt, "kalkyl": kalkyl, "inkop": inkop}}


def _taxor(config: Any, namnd: str, rnd: random.Random) -> dict[str, Any]:
    verks = config.namnd(namnd).verksamheter
    rows = []
    for t in range(rnd.randint(5, 30)):
        old = round(rnd.uniform(50, 5000), 0)
        rows.append({"taxa_id": f"T{t + 1:02d}", "taxa": f"Avgift för {rnd.choice(_ORD)} ({t + 1})",
                     "verksamhet": rnd.choice(verks), "enhet": rnd.choice(["per timme", "per tillfälle", "per år"]),
                     "nuvarande": old, "foreslaget": round(old * rnd.uniform(1.02, 1.06), 0),
                     "motivering": "Anpassning till kostnadsutvecklingen (PKV).", "lagrum": "KF 2026-06-15 § 88"})
    return {"rows": {"taxor": rows}}


def _internkontrollplan(config: Any, rnd: random.Random) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Values for the new rows, and the values typed into the pre-filled (obligatory) rows."""
    update = [{"sannolikhet": rnd.randint(1, 4), "konsekvens": rnd.randint(1, 4), "ansvarig": "Förvaltningschef"}
              for _ in config.arshjul.obligatoriska_kontrollmoment]
    rows = []
    for k in range(rnd.randint(3, 10)):
        rows.append({"kontroll_id": f"IK{k + 1:02d}", "omrade": rnd.choice(_ORD).capitalize(),
                     "risk": f"Risk för brister i {rnd.choice(_ORD)}", "sannolikhet": rnd.randint(1, 4),
                     "konsekvens": rnd.randint(1, 4), "kontrollmoment": "Stickprov och avstämning",
                     "metod": "Stickprov", "frekvens": "En gång per år", "ansvarig": "Controller",
                     "obligatorisk": "nej"})
    return {"rows": {"kontroller": rows}}, update


def _internhyror(namnd: str, rnd: random.Random, internal: _Internal) -> dict[str, Any]:
    hyror = [{"objekt_id": oid, "objekt": name, "hyresgast": t, "yta": yta, "hyra_m2": hyra}
             for t, objs in internal.rent.items() for oid, name, yta, hyra in objs] if namnd == "fn" else []
    tjanster = [{"tjanst_id": tid, "tjanst": name, "kopare": b, "enhet": "st", "pris": pris, "antal": antal}
                for b, (tid, name, pris, antal) in internal.services.items()] if namnd == "isn" else []
    service = [{"tjanst": f"Service: {rnd.choice(_ORD)} ({s + 1})", "beskrivning": "Tjänst som erbjuds invånare och företag",
                "enhet": rnd.choice(["timme", "st", "ärende"]), "pris": 10 * rnd.randint(10, 200)}
               for s in range(rnd.randint(3, 12))]
    return {"rows": {"hyror": hyror[:60], "tjanster": tjanster[:40], "service": service}}


# ---------------------------------------------------------------------------- writing
def specs(config: Any, inkorg: Path) -> list[Spec]:
    year = config.planering.budgetar
    return [Spec(d, namnd, str(inkorg / namnd / f"{d}-{namnd}-{year}.xlsx")) for namnd in config.namnd_ids for d in DOCS]


_STATE: dict[str, Any] = {}


def _init(config_dir: str, seed: int) -> None:
    from xltools.config import load_config

    config, errors = load_config(config_dir)
    assert config is not None, errors
    _STATE.update(config=config, seed=seed, internal=internal_items(config, seed))


def _write(spec: Spec) -> str:
    from xltools.excel.write import write_template
    from xltools.forms import FORMS
    from xltools.forms.layout import Prefill

    config, seed, internal = _STATE["config"], _STATE["seed"], _STATE["internal"]
    rnd = random.Random(f"{seed}:{spec.doc_type}:{spec.namnd}")
    form = FORMS[spec.doc_type]
    if spec.doc_type == "namndplan":
        values = _namndplan(config, seed, spec.namnd, rnd)
    elif spec.doc_type == "verksamhetsplan":
        values = _verksamhetsplan(config, seed, spec.namnd, rnd)
    elif spec.doc_type == "driftbudget":
        values = _driftbudget(config, spec.namnd, rnd, internal)
    elif spec.doc_type == "investeringsplan":
        values = _investeringsplan(config, spec.namnd, rnd)
    elif spec.doc_type == "taxor":
        values = _taxor(config, spec.namnd, rnd)
    elif spec.doc_type == "internhyror":
        values = _internhyror(spec.namnd, rnd, internal)
    else:
        values, update = _internkontrollplan(config, rnd)
        base = form.prefill

        def typed(c: Any, namnd: str, year: int) -> Prefill:
            # The user completes the input cells of the pre-filled rows (sannolikhet, konsekvens,
            # ansvarig); write them as part of those rows, as they would stand in the saved file.
            pre = base(c, namnd, year)
            rows = [{**r, **u} for r, u in zip(pre.rows["kontroller"], update, strict=True)]
            return Prefill(fields=pre.fields, rows={"kontroller": rows}, lists=pre.lists)

        form = dataclasses.replace(form, prefill=typed)
    year = config.planering.budgetar
    Path(spec.path).parent.mkdir(parents=True, exist_ok=True)
    write_template(form, config, spec.namnd, year, spec.path, values=values,
                   generated=dt.datetime(year - 1, 9, 1, 8, 0))
    return spec.path


def make_kommun(seed: int, n_namnder: int, root: Path, jobs: int = 2,
                log: Any = print) -> tuple[Path, Path, list[Path]]:
    """Generate (or reuse) config and filled workbooks; returns (config dir, inkorg, files)."""
    manifest = root / "manifest.json"
    want = {"seed": seed, "namnder": n_namnder, "generator": GENERATOR_VERSION}
    config_dir, inkorg = root / "config", root / "inkorg"
    if manifest.exists() and json.loads(manifest.read_text())["params"] == want:
        files = [Path(p) for p in json.loads(manifest.read_text())["files"]]
        if all(p.exists() for p in files):
            return config_dir, inkorg, files
    if root.exists():
        shutil.rmtree(root)
    make_config(seed, n_namnder, config_dir)
    from xltools.config import load_config

    config, errors = load_config(config_dir)
    if config is None:
        raise SystemExit("Den genererade konfigurationen är ogiltig:\n" + "\n".join(map(str, errors)))
    todo = specs(config, inkorg)
    log(f"  skriver {len(todo)} ifyllda arbetsböcker ({n_namnder} nämnder) till {inkorg} …")
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(str(config_dir), seed)) as ex:
        files = [Path(p) for p in ex.map(_write, todo, chunksize=8)]
    manifest.write_text(json.dumps({"params": want, "files": [str(p) for p in files]}, indent=1), encoding="utf-8")
    return config_dir, inkorg, files
