"""`xltools kommunplan` on a small kommun of three nämnder (ks, tn, sn) with round numbers.

The submissions are real workbooks written by the template writer and read back by the real
reader. The expected resultat-, kassaflödes- and balansbudget are worked out by hand below
(plain arithmetic on the input numbers, shown in the comments) and must match to the krona.
The identities are recomputed from the JSON independently of the consolidation code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xltools.cli import cli
from xltools.config import Config, load_config
from xltools.excel.write import write_template
from xltools.forms import FORMS

ROOT = Path(__file__).resolve().parents[1]
YEARS = [2027, 2028, 2029]
GENERATED = dt.datetime(2026, 9, 1, 8, 0)
KRONA = 0.0011  # tkr: one krona (plus float noise)

# ---------------------------------------------------------------- the small kommun's config (tkr)
SKATT = {2027: 900000, 2028: 930000, 2029: 960000}
GSU = {2027: 300000, 2028: 310000, 2029: 320000}
RAMAR = {"ks": {2027: 100000, 2028: 102000, 2029: 104000},
         "tn": {2027: 50000, 2028: 51000, 2029: 52000},
         "sn": {2027: 900000, 2028: 930000, 2029: 960000}}
BEFINTLIGA_AVSKR = {2027: 30000, 2028: 29000, 2029: 28000}
FF_INTAKTER = {2027: 40000, 2028: 41000, 2029: 42000}
FF_KOSTNADER = {2027: 60000, 2028: 62000, 2029: 64000}
FIN_INTAKTER = {2027: 2000, 2028: 2000, 2029: 2000}
AVS_FORANDRING = {2027: 2000, 2028: 2000, 2029: 3000}
NYUPPLANING = {2027: 100000, 2028: 50000, 2029: 0}
AMORTERING = {2027: 20000, 2028: 20000, 2029: 20000}
RANTESATS = 2.0
IB = {"immateriella_anlaggningstillgangar": 1000, "mark_byggnader_och_tekniska_anlaggningar": 800000,
      "maskiner_och_inventarier": 100000, "finansiella_anlaggningstillgangar": 50000, "forrad_och_exploatering": 10000,
      "fordringar": 90000, "kortfristiga_placeringar": 20000, "kassa_och_bank": 80000, "eget_kapital": 600000,
      "avsattningar_for_pensioner": 40000, "andra_avsattningar": 10000, "langfristiga_skulder": 400000,
      "kortfristiga_skulder": 101000}  # 1 151 000 = 600 000 + 50 000 + 501 000


def _per_year(values: dict[int, int], i: int) -> int:
    return values[YEARS[i - 1]]


def drift_rows() -> dict[str, list[dict[str, Any]]]:
    """Driftbudgets. ks sells IT services to sn (3691/7491, 5 000 a year); tn lets premises to sn
    (3411/6011: 40 000, 40 800, 41 600). Each nets to its ram, except sn 2029: 1 000 below."""
    def row(verksamhet: str, konto: str, kind: str, amounts: tuple[int, int, int], motpart: str | None = None):
        r: dict[str, Any] = {"verksamhet": verksamhet, "konto": konto, "beskrivning": f"{konto} {kind}"}
        if motpart:
            r["motpart"] = motpart
        for i, a in enumerate(amounts, start=1):
            r[f"{kind}_{i}"] = a
        return r

    return {
        "ks": [row("920", "3691", "intakter", (5000, 5000, 5000), "sn"),
               row("920", "50", "kostnader", (105000, 107000, 109000))],
        "tn": [row("800", "3411", "intakter", (40000, 40800, 41600), "sn"),
               row("250", "31", "intakter", (10000, 10000, 10000)),
               row("800", "61", "kostnader", (100000, 101800, 103600))],
        "sn": [row("500", "6011", "kostnader", (40000, 40800, 41600), "tn"),
               row("505", "7491", "kostnader", (5000, 5000, 5000), "ks"),
               row("505", "31", "intakter", (50000, 50000, 50000)),
               row("500", "50", "kostnader", (905000, 934200, 962400))],
    }


def investeringar() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """tn: P1 school 33 000 (33 years, aktiverad 2027), P2 street 15 000 + 15 000 (30 years, 2028),
    P3 software 5 000 on konto 10 (5 years, 2027). ks: K1 IT 8 000 + 4 000 + 4 000 later (4 years, 2028)."""
    def projekt(pid: str, namn: str, kat: str, lokal: str, konto: str, akt: int, utgift: tuple[int, int, int],
                senare: int = 0) -> dict[str, Any]:
        r: dict[str, Any] = {"projekt_id": pid, "namn": namn, "kategori": kat, "lokal": lokal, "konto": konto,
                             "start": 2027, "aktivering": akt, "utgift_senare": senare or None}
        for i, a in enumerate(utgift, start=1):
            r[f"utgift_{i}"] = a or None
        return r

    def kalkyl(pid: str, belopp: int, tid: int) -> dict[str, Any]:
        return {"projekt_id": pid, "belopp": belopp, "avskrivningstid": tid}

    return {
        "tn": {"projekt": [projekt("P1", "Ny förskola", "skolor_forskolor", "ja", "11", 2027, (33000, 0, 0)),
                           projekt("P2", "Gata", "gator_vagar", "nej", "11", 2028, (15000, 15000, 0)),
                           projekt("P3", "Programvara", "programvaror", "nej", "10", 2027, (5000, 0, 0))],
               "kalkyl": [kalkyl("P1", 33000, 33), kalkyl("P2", 30000, 30), kalkyl("P3", 5000, 5)],
               "inkop": [{"upphandling": "Byggentreprenad", "projekt_id": "P1", "varde": 33000, "form": "oppet"}]},
        "ks": {"projekt": [projekt("K1", "Datorer", "it", "nej", "12", 2028, (0, 8000, 4000), senare=4000)],
               "kalkyl": [kalkyl("K1", 16000, 4)],
               "inkop": [{"upphandling": "Datorer", "projekt_id": "K1", "varde": 16000, "form": "avrop"}]},
    }


# The example's ekonomi.yaml keys for the balansbudget's rolls, which a kommun of its own leaves out.
BALANSPOSTER = ("befintliga_avskrivningar_per_slag", "avskrivning", "avsattningar", "ansvarsforbindelser",
                "lan_till_bolag", "forsaljningar", "investeringsinkomster", "bidrag_till_statlig_infrastruktur",
                "rorelsekapital")


# ---------------------------------------------------------------- building the folders
def make_config(folder: Path, change: Any = None) -> tuple[Path, Config]:
    """A copy of config/ cut down to ks, tn and sn with the round numbers above."""
    cfg = Path(shutil.copytree(ROOT / "config", folder))
    (cfg / "uppfoljning.yaml").unlink(missing_ok=True)
    keep = set(RAMAR)

    def edit(name: str, fn: Any) -> None:
        path = cfg / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fn(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edit("organisation", lambda d: d.update(namnder=[n for n in d["namnder"] if n["id"] in keep]))
    # The riktade mål of the kept nämnder, without the mått KF decided with them: this plan's nämndplaner
    # name their own mått (the pre-filled ones are tested in test_kolada_in_templates_and_reports.py).
    edit("malkedja", lambda d: d.update(riktade_mal=[{k: v for k, v in r.items() if k != "matt"}
                                                     for r in d["riktade_mal"] if r["namnd"] in keep]))

    def eko(d: dict[str, Any]) -> None:
        d.update(skatteintakter=SKATT, generella_statsbidrag_och_utjamning=GSU, ramar=RAMAR,
                 befintliga_avskrivningar=BEFINTLIGA_AVSKR, investeringsram={2027: 100000, 2028: 100000, 2029: 100000})
        d["ingaende_balans"] = {"ar": 2026, "typ": "prognos", **IB}
        d.pop("resultatutjamningsreserv", None)  # the small kommun has none (test_kommunplan_balanskrav has)
        d.pop("ramberedning", None)  # the example's ramförändringar name nämnder the small kommun lacks
        for key in BALANSPOSTER:  # none of the example's balance rolls (test_kommunplan_balansbudget has them)
            d.pop(key, None)
        d["lan"] = {"rantesats": RANTESATS, "nyupplaning": NYUPPLANING, "amortering": AMORTERING}
        d["finansforvaltning"] = {"intakter": FF_INTAKTER, "kostnader": FF_KOSTNADER,
                                  "finansiella_intakter": FIN_INTAKTER, "avsattningar_forandring": AVS_FORANDRING}
        if change:
            change(d)

    edit("ekonomi", eko)
    config, errors = load_config(cfg)
    assert not errors, errors
    assert config is not None
    return cfg, config


def write(config: Config, folder: Path, doc: str, namnd: str, values: dict[str, Any], name: str | None = None,
          generated: dt.datetime = GENERATED) -> Path:
    path = folder / (name or f"{doc}-{namnd}-2027.xlsx")
    write_template(FORMS[doc], config, namnd, 2027, path, values=values, generated=generated)
    return path


def write_submissions(config: Config, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for namnd, rows in drift_rows().items():
        write(config, folder, "driftbudget", namnd, {"rows": {"drift": rows}})
    write(config, folder, "internhyror", "tn", {"rows": {
        "hyror": [{"objekt_id": "L1", "objekt": "Äldreboendet Tallbacken", "hyresgast": "sn", "yta": 20000,
                   "hyra_m2": 2000}]}})  # 20 000 m² × 2 000 kr = 40 000 tkr
    for namnd, rows in investeringar().items():
        write(config, folder, "investeringsplan", namnd, {"rows": rows})
    write(config, folder, "taxor", "sn", {"rows": {"taxor": [
        {"taxa_id": "T1", "taxa": "Avgift för hemtjänst", "verksamhet": "505", "enhet": "månad", "nuvarande": 2400,
         "foreslaget": 2500, "motivering": "Maxtaxan höjs.", "lagrum": "SoL 8 kap."},
        {"taxa_id": "T2", "taxa": "Trygghetslarm", "verksamhet": "505", "enhet": "månad", "foreslaget": 250,
         "motivering": "Ny tjänst.", "lagrum": "KF 2026-06-15"}]}})
    malvarden = {"malvarde_1": 90, "malvarde_2": 91, "malvarde_3": 92}
    write(config, folder, "namndplan", "sn", {"rows": {
        "mal": [{"mal_id": "NM1", "typ": "namndmal", "text": "Fler äldre känner sig trygga hemma.",
                 "strategiskt_mal": "SM6"}],
        "matt": [{"mal_id": "RM3", "matt": "Nöjdhet hemtjänst", "enhet": "procent", "riktning": "hogre", **malvarden},
                 {"mal_id": "RM4", "matt": "Hushåll med långvarigt bistånd", "enhet": "antal", "riktning": "lagre",
                  "malvarde_1": 120, "malvarde_2": 110, "malvarde_3": 100},
                 {"mal_id": "NM1", "matt": "Trygghet i hemtjänsten", "enhet": "procent", "riktning": "hogre",
                  "kolada_id": "U21468", **malvarden}]}})
    return folder


def run_plan(base: Path, change: Any = None) -> dict[str, Any]:
    """`xltools kommunplan` for the small kommun, ekonomi.yaml changed by `change`: config, folders, result, JSON."""
    cfg_dir, config = make_config(base / "config", change)
    subs = write_submissions(config, base / "inkorg")
    result = run_cli("kommunplan", str(subs), "--config", str(cfg_dir), "--out", str(base / "ut"))
    data = json.loads((base / "ut" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    return {"base": base, "config_dir": cfg_dir, "config": config, "subs": subs, "out": base / "ut",
            "result": result, "json": data}


def config_errors(config_dir: Path, target: Path, change: Any) -> list[Any]:
    """The errors of a copy of `config_dir` whose ekonomi.yaml `change` edits (the configuration must not load clean)."""
    cfg = Path(shutil.copytree(config_dir, target))
    path = cfg / "ekonomi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config, errors = load_config(cfg)
    assert config is None or errors
    return errors


def run_cli(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_plan(tmp_path_factory.mktemp("kommunplan"))


# ---------------------------------------------------------------- hand-computed expectations
# Nämndernas intäkter 2027: ks 5 000 (intern) + tn 40 000 (intern) + 10 000 + sn 50 000 = 105 000;
# interna 45 000 elimineras -> 60 000; + finansförvaltningen 40 000 = 100 000 (2028: 41 000 -> 101 000 ...).
# Kostnader 2027: ks 105 000 + tn 100 000 + sn (40 000 + 5 000 + 905 000) = 1 155 000; − interna 45 000
# = 1 110 000; + finansförvaltningen 60 000 = 1 170 000. 2028: 107 000 + 101 800 + 980 000 − 45 800 + 62 000
# = 1 205 000. 2029: 109 000 + 103 600 + 1 009 000 − 46 600 + 64 000 = 1 239 000.
# Nya avskrivningar: P1 33 000/33 = 1 000 och P3 5 000/5 = 1 000 från 2028; P2 30 000/30 = 1 000 och
# K1 16 000/4 = 4 000 från 2029 -> 0, 2 000, 7 000. Lån: IB 400 000, UB 480 000, 510 000, 490 000;
# ränta 2 % × (400 000 + 480 000)/2 = 8 800; × (480 000 + 510 000)/2 = 9 900; × (510 000 + 490 000)/2 = 10 000.
RESULTAT = {
    2027: {"verksamhetens_intakter": 100000, "verksamhetens_kostnader": -1170000, "avskrivningar": -30000,
           "verksamhetens_nettokostnader": -1100000, "skatteintakter": 900000,
           "generella_statsbidrag_och_utjamning": 300000, "verksamhetens_resultat": 100000,
           "finansiella_intakter": 2000, "finansiella_kostnader": -8800, "resultat_efter_finansiella_poster": 93200,
           "extraordinara_poster": 0, "arets_resultat": 93200},
    2028: {"verksamhetens_intakter": 101000, "verksamhetens_kostnader": -1205000, "avskrivningar": -31000,
           "verksamhetens_nettokostnader": -1135000, "skatteintakter": 930000,
           "generella_statsbidrag_och_utjamning": 310000, "verksamhetens_resultat": 105000,
           "finansiella_intakter": 2000, "finansiella_kostnader": -9900, "resultat_efter_finansiella_poster": 97100,
           "extraordinara_poster": 0, "arets_resultat": 97100},
    2029: {"verksamhetens_intakter": 102000, "verksamhetens_kostnader": -1239000, "avskrivningar": -35000,
           "verksamhetens_nettokostnader": -1172000, "skatteintakter": 960000,
           "generella_statsbidrag_och_utjamning": 320000, "verksamhetens_resultat": 108000,
           "finansiella_intakter": 2000, "finansiella_kostnader": -10000, "resultat_efter_finansiella_poster": 100000,
           "extraordinara_poster": 0, "arets_resultat": 100000},
}
# Löpande = årets resultat + avskrivningar + avsättningar: 93 200 + 30 000 + 2 000 = 125 200; 97 100 + 31 000
# + 2 000 = 130 100; 100 000 + 35 000 + 3 000 = 138 000. Investeringar 53 000, 23 000, 4 000.
# Finansiering 100 000 − 20 000, 50 000 − 20 000, 0 − 20 000. Likvida medel 80 000 -> 232 200 -> 369 300 -> 483 300.
KASSAFLODE = {
    2027: {"lopande_verksamhet": 125200, "investeringsverksamhet": -53000, "finansieringsverksamhet": 80000,
           "arets_kassaflode": 152200, "likvida_medel_vid_arets_borjan": 80000, "likvida_medel_vid_arets_slut": 232200},
    2028: {"lopande_verksamhet": 130100, "investeringsverksamhet": -23000, "finansieringsverksamhet": 30000,
           "arets_kassaflode": 137100, "likvida_medel_vid_arets_borjan": 232200,
           "likvida_medel_vid_arets_slut": 369300},
    2029: {"lopande_verksamhet": 138000, "investeringsverksamhet": -4000, "finansieringsverksamhet": -20000,
           "arets_kassaflode": 114000, "likvida_medel_vid_arets_borjan": 369300,
           "likvida_medel_vid_arets_slut": 483300},
}
# Immateriella 1 000 + 5 000 = 6 000, − 1 000 = 5 000, − 1 000 = 4 000. Materiella 900 000 + 48 000 − 30 000
# = 918 000; + 23 000 − 1 000 − 29 000 = 911 000; + 4 000 − 6 000 − 28 000 = 881 000. Övriga tillgångar
# 50 000 + 10 000 + 90 000 + 20 000 = 170 000 + kassan. Eget kapital 600 000 + årets resultat.
BALANS = {
    2027: {"immateriella_anlaggningstillgangar": 6000, "materiella_anlaggningstillgangar": 918000,
           "kassa_och_bank": 232200, "summa_tillgangar": 1326200, "eget_kapital": 693200, "avsattningar": 52000,
           "langfristiga_skulder": 480000, "skulder": 581000, "summa_eget_kapital_avsattningar_och_skulder": 1326200},
    2028: {"immateriella_anlaggningstillgangar": 5000, "materiella_anlaggningstillgangar": 911000,
           "kassa_och_bank": 369300, "summa_tillgangar": 1455300, "eget_kapital": 790300, "avsattningar": 54000,
           "langfristiga_skulder": 510000, "skulder": 611000, "summa_eget_kapital_avsattningar_och_skulder": 1455300},
    2029: {"immateriella_anlaggningstillgangar": 4000, "materiella_anlaggningstillgangar": 881000,
           "kassa_och_bank": 483300, "summa_tillgangar": 1538300, "eget_kapital": 890300, "avsattningar": 57000,
           "langfristiga_skulder": 490000, "skulder": 591000, "summa_eget_kapital_avsattningar_och_skulder": 1538300},
}


def close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= KRONA


# ---------------------------------------------------------------- figures
def test_run_reads_everything_and_passes_every_kontroll(small: dict[str, Any]) -> None:
    r, data = small["result"], small["json"]
    assert r.exit_code == 0, r.output
    assert data["uteslutna"] == []
    assert len(data["kallor"]) == 8
    missing = {k["id"] for k in data["kontroller"] if not k["ok"]}
    assert missing and all(k.startswith(("DOK-", "DOKV-", "RM-")) for k in missing)  # varningar: the small
    assert "DOK-ks-namndplan" in missing  # kommun has no nämndplan from KS, among others (issue 14 coverage)
    assert "Årets resultat:" in r.output and "2027: 93,2\u00a0mnkr" in r.output  # KF reads mnkr
    assert "Balanskravet är uppfyllt alla år" in r.output
    assert "Kontroller:" in r.output and "FM1" in r.output


@pytest.mark.parametrize("year", YEARS)
def test_resultatbudget_matches_hand_computation(small: dict[str, Any], year: int) -> None:
    got = small["json"]["resultatbudget"][str(year)]
    for line, expected in RESULTAT[year].items():
        assert close(got[line], expected), (year, line, got[line], expected)


@pytest.mark.parametrize("year", YEARS)
def test_kassaflodes_and_balansbudget_match_hand_computation(small: dict[str, Any], year: int) -> None:
    kf, br = small["json"]["kassaflodesbudget"][str(year)], small["json"]["balansbudget"][str(year)]
    for line, expected in KASSAFLODE[year].items():
        assert close(kf[line], expected), (year, line, kf[line], expected)
    for line, expected in BALANS[year].items():
        assert close(br[line], expected), (year, line, br[line], expected)


def test_driftbudget_investeringar_and_ramar(small: dict[str, Any]) -> None:
    data = small["json"]
    sn = data["driftbudget"]["sn"]
    assert sn["2027"] == {"intakter": 50000.0, "kostnader": 950000.0, "netto": 900000.0, "ram": 900000.0,
                          "differens": 0.0, "interna_intakter": 0.0, "interna_kostnader": 45000.0, "inlamnad": True}
    assert sn["2029"]["netto"] == 959000 and sn["2029"]["differens"] == 1000  # 1 000 below its ram
    assert data["driftbudget"]["tn"]["2028"]["intakter"] == 50800
    assert data["investeringsbudget"] == {"ks": {"2027": 0.0, "2028": 8000.0, "2029": 4000.0},
                                          "tn": {"2027": 53000.0, "2028": 15000.0, "2029": 0.0}}
    k1 = next(p for p in data["investeringsprojekt"] if p["projekt_id"] == "K1")
    assert k1["total_utgift"] == 16000 and k1["avskrivning"] == {"2027": 0.0, "2028": 0.0, "2029": 4000.0}
    p1 = next(p for p in data["investeringsprojekt"] if p["projekt_id"] == "P1")
    assert p1["lokal"] is True and p1["namnd"] == "tn"
    flows = {(p["saljare"], p["kopare"], p["slag"], p["ar"]): p for p in data["internposter"]}
    assert flows[("tn", "sn", "internhyra", 2027)]["internhyresdokument"] == 40000
    assert flows[("tn", "sn", "internhyra", 2029)]["koparens_driftbudget"] == 41600
    assert flows[("ks", "sn", "interna_tjanster", 2028)]["ok"] is True
    assert len(flows) == 6
    fm = {(m["id"], m["ar"]): m for m in data["finansiella_mal"]}
    # FM1: 93 200 / 1 200 000 = 7,77 %; FM2: (93 200 + 30 000) / 53 000 = 232 %; FM3: 693 200 / 1 326 200 = 52,3 %.
    assert fm[("FM1", 2027)]["varde"] == pytest.approx(100 * 93200 / 1200000, abs=1e-3)
    assert fm[("FM2", 2027)]["varde"] == pytest.approx(100 * 123200 / 53000, abs=1e-3)
    assert fm[("FM3", 2029)]["varde"] == pytest.approx(100 * 890300 / 1538300, abs=1e-3)
    assert all(m["uppfyllt"] for m in data["finansiella_mal"])


# ---------------------------------------------------------------- identities from the JSON alone
def test_identities_recomputed_from_json(small: dict[str, Any]) -> None:
    data = small["json"]
    assert data["ar"] == YEARS and data["budgetar"] == 2027
    ib = data["ingaende_balans"]["poster"]
    prev = ib
    assert close(ib["summa_tillgangar"], ib["eget_kapital"] + ib["avsattningar"] + ib["skulder"])
    for y in map(str, YEARS):
        rr, kf, br = data["resultatbudget"][y], data["kassaflodesbudget"][y], data["balansbudget"][y]
        # RR1–RR4
        assert close(rr["verksamhetens_nettokostnader"],
                     rr["verksamhetens_intakter"] + rr["verksamhetens_kostnader"] + rr["avskrivningar"]
                     + rr["jamforelsestorande_poster"])
        assert close(rr["verksamhetens_resultat"], rr["verksamhetens_nettokostnader"] + rr["skatteintakter"]
                     + rr["generella_statsbidrag_och_utjamning"])
        assert close(rr["resultat_efter_finansiella_poster"], rr["verksamhetens_resultat"] + rr["finansiella_intakter"]
                     + rr["finansiella_kostnader"] + rr["finansiella_jamforelsestorande_poster"])
        assert close(rr["arets_resultat"], rr["resultat_efter_finansiella_poster"] + rr["extraordinara_poster"])
        # BR1, BR2, BR3
        assert close(br["summa_tillgangar"], br["eget_kapital"] + br["avsattningar"] + br["skulder"])
        assert close(br["summa_eget_kapital_avsattningar_och_skulder"], br["summa_tillgangar"])
        assert close(br["eget_kapital"], prev["eget_kapital"] + rr["arets_resultat"])
        assert close(br["arets_resultat"], rr["arets_resultat"])
        # KF2, KF3 and KF1 (rörelsekapitalet oförändrat)
        assert close(kf["arets_kassaflode"], kf["lopande_verksamhet"] + kf["investeringsverksamhet"]
                     + kf["finansieringsverksamhet"])
        assert close(kf["likvida_medel_vid_arets_slut"] - kf["likvida_medel_vid_arets_borjan"], kf["arets_kassaflode"])
        assert close(kf["likvida_medel_vid_arets_borjan"], prev["kassa_och_bank"])
        assert close(br["kassa_och_bank"], kf["likvida_medel_vid_arets_slut"])
        assert close(kf["lopande_verksamhet"], rr["arets_resultat"] - rr["avskrivningar"]
                     + br["avsattningar"] - prev["avsattningar"])
        # BR5: anläggningstillgångar UB = IB + investeringar − avskrivningar; INV1
        investeringar = sum(per[y] for per in data["investeringsbudget"].values())
        assert close(kf["investeringsverksamhet"], -investeringar)
        assert close(br["immateriella_anlaggningstillgangar"] + br["materiella_anlaggningstillgangar"],
                     prev["immateriella_anlaggningstillgangar"] + prev["materiella_anlaggningstillgangar"]
                     + investeringar + rr["avskrivningar"])
        # DR1, DR2: the driftbudgets tied to the resultatbudget
        drift = data["driftbudget"].values()
        netto = sum(d[y]["netto"] for d in drift if d[y]["inlamnad"])
        ff = FF_KOSTNADER[int(y)] - FF_INTAKTER[int(y)]
        assert close(-rr["verksamhetens_nettokostnader"], netto + ff - rr["avskrivningar"])
        assert close(sum(d[y]["interna_intakter"] for d in drift), sum(d[y]["interna_kostnader"] for d in drift))
        # BK: balanskravsresultat = årets resultat > 0
        b = data["balanskrav"][y]
        assert close(b["efter_balanskravsjusteringar"], rr["arets_resultat"] + b["realisationsvinster"] + b["undantag"]
                     + b["orealiserade_vardepapper"] + b["aterforing_orealiserade"])
        assert close(b["balanskravsresultat"], b["efter_balanskravsjusteringar"] + b["rur_reservering"]
                     + b["rur_disposition"])
        assert close(b["balanskravsresultat"], rr["arets_resultat"])  # no adjustments in the small kommun
        prev = br


def test_control_totals_and_sources(small: dict[str, Any]) -> None:
    data = small["json"]
    ks = [k for k in data["kontroller"] if k["regel"] == "KS"]
    assert len(ks) == 8 + 6 and all(k["ok"] for k in ks)  # one per document, plus VI and VK per year
    ids = {k["id"] for k in data["kontroller"]}
    for regel in ("RR1", "RR2", "RR3", "RR4", "BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7", "KF1", "KF2", "KF3",
                  "INV1", "DR1", "DR2", "BK", "FM1", "FM2", "FM3", "INVRAM"):
        assert {f"{regel}-{y}" for y in YEARS} <= ids, regel
    assert {"PL1", "INT", "TACK", "RAM", "BR1-2026"} <= ids
    files = {k["file"]: k for k in data["kallor"]}
    assert set(files) == {p.name for p in small["subs"].iterdir()}
    import hashlib

    for name, k in files.items():
        assert k["sha256"] == hashlib.sha256((small["subs"] / name).read_bytes()).hexdigest()


# ---------------------------------------------------------------- the workbook
def _sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def _row(rows: list[list[Any]], label: str) -> list[Any]:
    return next(r for r in rows if r and r[0] == label)


def test_workbook_recalculated_by_libreoffice_equals_cached_values(small: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from support.libreoffice import recalc

    book = small["out"] / "kommunplan-2027.xlsx"
    # A second workbook without ks's driftbudget exercises the SUMIF over the status column.
    subs = Path(shutil.copytree(small["subs"], tmp_path / "utan-ks"))
    (subs / "driftbudget-ks-2027.xlsx").unlink()
    run_cli("kommunplan", str(subs), "--config", str(small["config_dir"]), "--out", str(tmp_path / "ut"))
    variant = (tmp_path / "ut" / "kommunplan-2027.xlsx").rename(tmp_path / "kommunplan-utan-ks.xlsx")
    recalculated, recalculated_variant = recalc([book, variant], tmp_path / "lo")
    for original, again_path in ((book, recalculated), (variant, recalculated_variant)):
        formulas = load_workbook(original)
        cached = load_workbook(original, data_only=True)
        again = load_workbook(again_path, data_only=True)
        count = 0
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        count += 1
                        mine = cached[ws.title][cell.coordinate].value
                        theirs = again[ws.title][cell.coordinate].value
                        assert isinstance(mine, int | float), (ws.title, cell.coordinate, cell.value, mine)
                        assert theirs == pytest.approx(mine, abs=1e-6), (ws.title, cell.coordinate, cell.value)
        assert count > 150
    missing = _row(_sheet(recalculated_variant, "Driftbudget"), "Ramar för nämnder utan inlämnad driftbudget")
    assert [v for v in missing if isinstance(v, float)] == [100000, 102000, 104000]
    # The recalculated statements show the hand-computed figures.
    rr = _sheet(recalculated, "Resultatbudget")
    assert _row(rr, "Årets resultat")[2:5] == pytest.approx([93200, 97100, 100000])
    assert _row(rr, "Verksamhetens kostnader")[2:5] == pytest.approx([-1170000, -1205000, -1239000])
    br = _sheet(recalculated, "Balansbudget")
    assert _row(br, "SUMMA TILLGÅNGAR")[1:5] == pytest.approx([1151000, 1326200, 1455300, 1538300])
    kf = _sheet(recalculated, "Kassaflödesbudget")
    assert _row(kf, "Likvida medel vid årets slut")[1:4] == pytest.approx([232200, 369300, 483300])


def test_workbook_content(small: dict[str, Any]) -> None:
    book = small["out"] / "kommunplan-2027.xlsx"
    wb = CalamineWorkbook.from_path(str(book))
    assert wb.sheet_names == ["Sammanfattning", "Diagram", "Resultatbudget", "Kassaflödesbudget", "Balansbudget", "Driftbudget",
                              "Driftbudget per verksamhet", "Investeringsbudget", "Ramar", "Bolagen", "Internposter",
                              "Taxor och avgifter", "Mål och mått", "Verksamhetsplaner", "Konsekvensanalyser", "Kontroller", "Källor"]
    cover = wb.get_sheet_by_name("Sammanfattning").to_python()
    assert any("Syntetiska exempeldata" in str(c) for r in cover for c in r)
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        assert sum(1 for n in names if re.match(r"xl/charts/chart\d+\.xml$", n)) >= 2
        styles = z.read("xl/styles.xml").decode()
        assert 'formatCode="[$-41D]#,##0"' in styles  # tkr, Swedish whatever the locale
        sheet2 = z.read("xl/worksheets/sheet2.xml").decode()
        assert "<f>" in sheet2 and "<v>" in sheet2  # formulas stored with values
    drift = wb.get_sheet_by_name("Driftbudget").to_python()
    assert _row(drift, "Summa")[2:7] == pytest.approx([105000, 1155000, 1050000, 1050000, 0])
    kallor = wb.get_sheet_by_name("Källor").to_python()
    sn = next(r for r in kallor if r and r[0] == "Driftbudget" and "Socialnämnden intäkter 2027" in str(r[2]))
    assert sn[3] == "driftbudget-sn-2027.xlsx" and len(sn[4]) == 64 and sn[5] == "Driftbudget" and sn[6] == "E8"
    assert any(r and r[3] == "config/ekonomi.yaml" and r[6] == "skatteintakter.2027" for r in kallor)
    taxor = wb.get_sheet_by_name("Taxor och avgifter").to_python()
    assert _row(taxor, "Socialnämnden")[1:9] == ["T1", "Avgift för hemtjänst", "505 Äldreomsorg, hemtjänst", "månad",
                                                  2400, 2500, pytest.approx(100 / 2400), "Ändrad"]
    mal = wb.get_sheet_by_name("Mål och mått").to_python()
    nm1 = next(r for r in mal if r and len(r) > 3 and r[3] == "NM1")
    assert nm1[0] == "Livskvalitet för alla" and nm1[1].startswith("SM6") and nm1[6] == "Trygghet i hemtjänsten"


def test_same_inputs_give_identical_outputs(small: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "igen"
    run_cli("kommunplan", str(small["subs"]), "--config", str(small["config_dir"]), "--out", str(out))
    for name in ("kommunplan-2027.json", "kommunplan-2027.xlsx"):
        assert (out / name).read_bytes() == (small["out"] / name).read_bytes(), name
    for html in (small["out"] / "bilagor").iterdir():
        assert (out / "bilagor" / html.name).read_bytes() == html.read_bytes(), html.name


# ---------------------------------------------------------------- bilagor
class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.th_without_scope = 0
        self.th = 0
        self.tables = 0
        self.captions = 0
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(str(a["id"]))
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(str(a["href"])[1:])
        if tag == "th":
            self.th += 1
            self.th_without_scope += "scope" not in a
        self.tables += tag == "table"
        self.captions += tag == "caption"
        if tag in ("link", "script", "img") or (tag == "a" and (a.get("href") or "").startswith("http")):
            self.external.append(tag)


def test_bilagor_are_accessible_printable_swedish_html(small: dict[str, Any]) -> None:
    folder = small["out"] / "bilagor"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["bolagen.html", "driftbudget.html", "finansiella-rapporter.html", "index.html", "internhyror.html",
                     "investeringsbudget.html", "mal-och-matt.html", "taxor-och-avgifter.html"]
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        p = _Html()
        p.feed(text)
        assert p.lang == "sv", name
        assert p.th_without_scope == 0, name
        assert p.tables == p.captions, name
        assert set(p.links) <= p.ids, name
        assert p.external == [], name
        assert "@media print" in text and "break-before: page" in text, name
        assert "Syntetiska exempeldata" in text, name
    drift = (folder / "driftbudget.html").read_text(encoding="utf-8")
    assert "905\u00a0000" in drift and "959\u00a0000" in drift  # space as thousands separator
    assert 'href="#namnd-sn"' in drift and 'id="namnd-sn"' in drift
    taxor = (folder / "taxor-och-avgifter.html").read_text(encoding="utf-8")
    assert "2\u00a0400,00" in taxor and "4,2\u00a0%" in taxor  # comma decimals: 100 / 2 400 = 4,2 %
    mal = (folder / "mal-och-matt.html").read_text(encoding="utf-8")
    assert "Målområde: Livskvalitet för alla" in mal and "Strategiskt mål SM6" in mal
    hyror = (folder / "internhyror.html").read_text(encoding="utf-8")
    assert "Äldreboendet Tallbacken" in hyror and "Stämmer inte" not in hyror


def test_one_namnd_rendered_alone(small: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "sn"
    r = run_cli("kommunplan", str(small["subs"]), "--config", str(small["config_dir"]), "--out", str(out),
                "--namnd", "sn")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (out / "bilagor").iterdir())
    assert names == ["bolagen-sn.html", "driftbudget-sn.html", "finansiella-rapporter-sn.html", "index-sn.html", "internhyror-sn.html",
                     "investeringsbudget-sn.html", "mal-och-matt-sn.html", "taxor-och-avgifter-sn.html"]
    drift = (out / "bilagor" / "driftbudget-sn.html").read_text(encoding="utf-8")
    assert 'id="namnd-sn"' in drift and 'id="namnd-ks"' not in drift and 'id="namnd-tn"' not in drift
    bad = run_cli("kommunplan", str(small["subs"]), "--config", str(small["config_dir"]), "--out",
                  str(tmp_path / "x"), "--namnd", "finns_inte")
    assert bad.exit_code != 0 and "okänd nämnd" in bad.output
    assert not (tmp_path / "x").exists()


def _cells(sheet_rows: list[list[Any]], ranges: str) -> list[Any]:
    """Values of 'E5:E7, H9' in a calamine sheet (0-based rows from A1)."""
    from xltools.cells import parse_a1

    out = []
    for part in ranges.split(", "):
        first, _, last = part.partition(":")
        (r1, c1), (r2, c2) = parse_a1(first), parse_a1(last or first)
        out += [sheet_rows[r - 1][c - 1] for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    return out


def test_kalla_column_traces_each_detail_row_to_its_cells(small: dict[str, Any]) -> None:
    """Every row of the detail sheets names the submission cells its figures are summed from."""
    book = small["out"] / "kommunplan-2027.xlsx"
    checked = 0
    for name, first_amount, n_amounts in (("Driftbudget per verksamhet", 4, 9), ("Investeringsbudget", 8, 4)):
        rows = _sheet(book, name)
        head = next(i for i, r in enumerate(rows) if r and r[0] == "Nämnd")
        src_col = rows[head].index(next(h for h in rows[head] if str(h).startswith("Källa")))
        for r in rows[head + 1:]:
            if not r or not str(r[src_col]).endswith(tuple("0123456789")) or str(r[0]).startswith("Summa"):
                continue
            refs = [x for x in str(r[src_col]).split("; ") if not x.startswith("config/")]
            assert len(refs) == 1, r[src_col]  # one submission per row
            file, _, where = refs[0].partition(" ")
            sheet, _, ranges = where.partition("!")
            source = _sheet(small["subs"] / file, sheet)
            values = [v for v in _cells(source, ranges) if isinstance(v, int | float)]
            amounts = [v for v in r[first_amount:first_amount + n_amounts] if isinstance(v, int | float)]
            if name == "Driftbudget per verksamhet":  # intäkter + kostnader per year, netto is a formula
                assert sum(values) == pytest.approx(sum(a for j, a in enumerate(amounts) if j % 3 != 2))
            else:  # utgift per year and later years
                assert sum(values) == pytest.approx(sum(amounts))
            checked += 1
    assert checked >= 8
    taxor = _sheet(book, "Taxor och avgifter")
    t1 = _row(taxor, "Socialnämnden")
    file, _, where = t1[11].partition(" ")
    sheet, _, ranges = where.partition("!")
    assert _cells(_sheet(small["subs"] / file, sheet), ranges) == [2400, 2500]


def test_cell_ranges_are_rectangles() -> None:
    from xltools.consolidate.facts import cell_ranges

    cells = ["H9", "E7", "E6", "I9", "J9", "E8", "AA3", "AB4", "AA4", "AB3", "B10", "E10", "Z1", "E7"]
    assert cell_ranges(cells) == "B10, E6:E8, E10, H9:J9, Z1, AA3:AB4"
    assert cell_ranges(["C5"]) == "C5" and cell_ranges([]) == ""
    # a gap in a column is two runs; columns with different runs are not joined
    assert cell_ranges(["E5", "E7", "F5", "F6"]) == "E5, E7, F5:F6"
