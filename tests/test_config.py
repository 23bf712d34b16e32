"""The bundled example configuration (config/) and the Swedish errors of load_config."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from xltools.config import ConfigError, NamndTyp, load_config, summary
from xltools.forms import FORMS

CONFIG = Path(__file__).resolve().parents[1] / "config"
YEARS = [2027, 2028, 2029]
DOKUMENT = list(FORMS)  # every document type has its one date in the årshjul
# Phrases pydantic and PyYAML write in English; none may reach a user.
ENGLISH = re.compile(
    r"Field required|Input should|Extra inputs|String should|value is not|valid |"
    r"\bor\b|\band\b|\bshould\b|\bmust\b|\brequired\b|\bexpected\b|\bfound\b|\bwhile\b",
)


# ---------------------------------------------------------------- helpers
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the example configuration."""
    return Path(shutil.copytree(CONFIG, tmp_path / "config"))


def edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def errors_of(folder: Path) -> list[ConfigError]:
    config, errors = load_config(folder)
    assert config is None
    assert errors
    for e in errors:
        assert not ENGLISH.search(e.message), f"engelsk text i felmeddelandet: {e}"
    return errors


def has(errors: list[ConfigError], file: str, key: str, text: str) -> bool:
    return any(Path(e.file).name == file and e.key == key and text in e.message for e in errors)


def show(errors: list[ConfigError]) -> str:
    return "\n".join(map(str, errors))


# ---------------------------------------------------------------- the example
@pytest.fixture(scope="module")
def config():
    c, errors = load_config(CONFIG)
    assert errors == [], show(errors)
    assert c is not None
    return c


def test_example_loads_without_errors(config):
    text = summary(config)
    assert "Mora kommun (kommunkod 2062)" in text
    assert "syntetiska exempeldata" in text


def test_example_organisation(config):
    typer = Counter(n.typ for n in config.organisation.namnder)
    assert typer == {NamndTyp.STYRELSE: 1, NamndTyp.EGEN: 7, NamndTyp.GEMENSAM: 7,
                     NamndTyp.OVERFORMYNDARE: 1}
    assert sum(typer[t] for t in (NamndTyp.STYRELSE, NamndTyp.EGEN, NamndTyp.GEMENSAM)) == 15
    assert config.organisation.kommunfullmaktige.ledamoter == 41
    assert config.lokalagare().id == "tn"
    for n in config.organisation.namnder:
        assert 2 <= len(n.verksamheter) <= 6, n.id
        if n.typ == NamndTyp.GEMENSAM:
            assert n.gemensam_med and n.vardkommun, n.id
    assert {b.namn for b in config.organisation.bolag} == {
        "Morastrand AB", "Moravatten AB", "Nodava AB", "Siljansutbildarna AB"}


def test_example_malkedja(config):
    mk = config.malkedja
    assert [m.id for m in mk.malomraden] == ["MO1", "MO2", "MO3", "MO4"]
    overgripande = [m for m in mk.strategiska_mal if m.overgripande]
    assert len(overgripande) == 1
    assert overgripande[0].malomrade is None
    assert len(mk.strategiska_mal) == 10
    assert 8 <= len(mk.riktade_mal) <= 12
    assert {"sn", "fgn", "tn", "kfn", "ks", "bn"} <= {r.namnd for r in mk.riktade_mal}
    assert all(r.ar == YEARS for r in mk.riktade_mal)


def test_example_years_and_ramar(config):
    assert config.planering.ar == YEARS
    e = config.ekonomi
    assert set(e.ramar) == set(config.namnd_ids)
    for nid, per_year in e.ramar.items():
        assert sorted(per_year) == YEARS, nid
        assert all(v > 0 for v in per_year.values()), nid
    for key in ("skatteintakter", "generella_statsbidrag_och_utjamning",
                "befintliga_avskrivningar", "investeringsram"):
        assert sorted(getattr(e, key)) == YEARS, key


def test_example_balance_sheet_balances(config):
    b = config.ekonomi.ingaende_balans
    tillgangar = (b.immateriella_anlaggningstillgangar + b.mark_byggnader_och_tekniska_anlaggningar
                  + b.maskiner_och_inventarier + b.finansiella_anlaggningstillgangar
                  + b.bidrag_till_statlig_infrastruktur + b.forrad + b.exploateringsfastigheter
                  + b.forrad_och_exploatering + b.fordringar + b.kortfristiga_placeringar + b.kassa_och_bank)
    avsattningar = b.avsattningar_for_pensioner + b.andra_avsattningar
    skulder = b.langfristiga_skulder + b.kortfristiga_skulder
    assert tillgangar == b.eget_kapital + avsattningar + skulder
    assert b.ar == config.planering.budgetar - 1


def test_example_budget_meets_balanskrav_and_finansiella_mal(config):
    """Årets resultat > 0 and the resultatandel target holds in every year (befintliga avskrivningar)."""
    e = config.ekonomi
    ff = e.finansforvaltning
    mal = {m.typ.value: m.minst for m in e.finansiella_mal}
    for y in YEARS:
        # Each loan's own rate of the year on its average debt.
        rantor = 0.0
        for ln in e.lan.lan:
            ib = ln.ib + sum(ln.nyupplaning.get(x, 0) - ln.amortering.get(x, 0) for x in YEARS if x < y)
            ub = ib + ln.nyupplaning.get(y, 0) - ln.amortering.get(y, 0)
            rantor += (ib + ub) / 2 * ln.rantesats[y] / 100
        sg = e.skatteintakter[y] + e.generella_statsbidrag_och_utjamning[y]
        ramar = sum(r[y] for r in e.ramar.values())
        interna = sum(v[y] for v in ff.interna_intakter.values())  # eliminated against the nämnders' costs
        resultat = (sg - ramar - e.befintliga_avskrivningar[y] + ff.finansiella_intakter[y]
                    - rantor - ff.ranta_pensionsavsattning[y] - ff.ovriga_finansiella_kostnader[y]
                    + interna - ff.kostnader[y])
        andel = 100 * resultat / sg
        assert resultat > 0, y
        assert 1.5 <= andel <= 3.0, (y, andel)
        assert andel >= mal["resultatandel"], y
        sjalvfin = 100 * (resultat + e.befintliga_avskrivningar[y]) / e.investeringsram[y]
        assert sjalvfin >= mal["sjalvfinansieringsgrad"], y


def test_example_kontoplan(config):
    kp = config.kontoplan
    klasser = {k.klass.value for k in kp.konton}
    assert klasser == {"intakt", "kostnad", "investering", "finansiell", "avskrivning", "skatt"}
    interna = {k.kod for k in kp.konton if k.intern}
    assert {"3411", "6011"} <= interna


def test_example_arshjul(config):
    aj = config.arshjul
    counts = Counter(h.dokument for h in aj.handelser if h.dokument)
    assert set(counts) == set(DOKUMENT)
    assert all(n == 1 for n in counts.values())
    assert {h.manad for h in aj.handelser} == set(range(1, 13))
    assert aj.deadline("investeringsplan", 2027).isoformat() == "2026-01-31"
    assert aj.deadline("taxor", 2027).isoformat() == "2026-04-30"
    assert aj.deadline("namndplan", 2027).isoformat() == "2026-09-30"
    assert aj.deadline("driftbudget", 2027).isoformat() == "2026-12-31"
    assert aj.deadline("internkontrollplan", 2027).isoformat() == "2027-02-28"
    assert aj.deadline("delarsrapport", 2027).isoformat() == "2027-09-30"
    assert aj.deadline("verksamhetsberattelse", 2027).isoformat() == "2028-02-29"
    manadsrapporter = [h for h in aj.handelser if h.vad.startswith("Månadsrapport")]
    assert len(manadsrapporter) == 9  # ej januari, juni och december
    assert 4 <= len(aj.obligatoriska_kontrollmoment) <= 6


# ---------------------------------------------------------------- errors, each in Swedish
def test_missing_key(folder):
    edit(folder, "ekonomi", lambda d: d.pop("skattesats"))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "skattesats", "nyckeln saknas"), show(errors)


def test_missing_nested_key(folder):
    edit(folder, "organisation", lambda d: d["namnder"][2].pop("forvaltning"))
    errors = errors_of(folder)
    assert has(errors, "organisation.yaml", "namnder[2].forvaltning", "nyckeln saknas"), show(errors)


def test_unknown_key(folder):
    edit(folder, "kommun", lambda d: d.update(kommunnamn="Mora"))
    errors = errors_of(folder)
    assert has(errors, "kommun.yaml", "kommunnamn", "okänd nyckel"), show(errors)


def test_wrong_type_number(folder):
    edit(folder, "ekonomi", lambda d: d.update(skattesats="hög"))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "skattesats", "ska vara ett tal"), show(errors)
    assert has(errors, "ekonomi.yaml", "skattesats", "'hög'"), show(errors)


def test_wrong_type_list(folder):
    edit(folder, "planering", lambda d: d.update(planar=2028))
    errors = errors_of(folder)
    assert has(errors, "planering.yaml", "planar", "ska vara en lista"), show(errors)


def test_wrong_enum_value_lists_allowed_values_in_swedish(folder):
    def change(d):
        d["namnder"][0]["typ"] = "nämnd"
    edit(folder, "organisation", change)
    errors = errors_of(folder)
    assert has(errors, "organisation.yaml", "namnder[0].typ", "otillåtet värde"), show(errors)
    assert has(errors, "organisation.yaml", "namnder[0].typ", "'gemensam' eller 'overformyndare'"), show(errors)


def test_pattern_mismatch(folder):
    edit(folder, "kommun", lambda d: d.update(kommunkod="62"))
    errors = errors_of(folder)
    assert has(errors, "kommun.yaml", "kommunkod", "har fel form"), show(errors)


def test_unknown_namnd_in_riktat_mal(folder):
    def change(d):
        d["riktade_mal"][0]["namnd"] = "barn_och_utbildning"
    edit(folder, "malkedja", change)
    errors = errors_of(folder)
    assert has(errors, "malkedja.yaml", "riktade_mal[0].namnd",
               "okänd nämnd 'barn_och_utbildning'"), show(errors)


def test_unknown_strategiskt_mal_in_riktat_mal(folder):
    def change(d):
        d["riktade_mal"][1]["strategiskt_mal"] = "SM42"
    edit(folder, "malkedja", change)
    errors = errors_of(folder)
    assert has(errors, "malkedja.yaml", "riktade_mal[1].strategiskt_mal",
               "okänt strategiskt mål 'SM42'"), show(errors)


def test_unknown_namnd_in_ramar(folder):
    def change(d):
        d["ramar"]["revision"] = {2027: 1000, 2028: 1000, 2029: 1000}
    edit(folder, "ekonomi", change)
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "ramar.revision", "okänd nämnd 'revision'"), show(errors)


def test_namnd_without_ram(folder):
    edit(folder, "ekonomi", lambda d: d["ramar"].pop("of"))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "ramar", "ram saknas för nämnden 'of'"), show(errors)


def test_ramar_missing_a_plan_year(folder):
    edit(folder, "ekonomi", lambda d: d["ramar"]["ks"].pop(2029))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "ramar.ks", "ram saknas för år 2029"), show(errors)


def test_skatteintakter_missing_a_plan_year(folder):
    edit(folder, "ekonomi", lambda d: d["skatteintakter"].pop(2028))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "skatteintakter", "värde saknas för år 2028"), show(errors)


def test_year_outside_plan_period_in_ramar(folder):
    def change(d):
        d["ramar"]["ks"][2030] = 104000
    edit(folder, "ekonomi", change)
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "ramar.ks.2030",
               "året 2030 ligger utanför planperioden 2027–2029"), show(errors)


def test_year_outside_plan_period_in_riktat_mal(folder):
    def change(d):
        d["riktade_mal"][0]["ar"] = [2026, 2027]
    edit(folder, "malkedja", change)
    errors = errors_of(folder)
    assert has(errors, "malkedja.yaml", "riktade_mal[0].ar[0]",
               "året 2026 ligger utanför planperioden 2027–2029"), show(errors)


def test_plan_years_must_follow_budget_year(folder):
    edit(folder, "planering", lambda d: d.update(planar=[2028, 2030]))
    errors = errors_of(folder)
    assert has(errors, "planering.yaml", "planar", "[2028, 2029]"), show(errors)


def test_duplicate_namnd_id(folder):
    def change(d):
        d["namnder"][1]["id"] = "sn"
    edit(folder, "organisation", change)
    errors = errors_of(folder)
    assert has(errors, "organisation.yaml", "namnder", "nämnd-id 'sn' förekommer flera gånger"), show(errors)


def test_duplicate_strategiskt_mal_id(folder):
    def change(d):
        d["strategiska_mal"][2]["id"] = "SM1"
    edit(folder, "malkedja", change)
    errors = errors_of(folder)
    assert has(errors, "malkedja.yaml", "strategiska_mal", "id 'SM1' förekommer flera gånger"), show(errors)


def test_duplicate_konto(folder):
    def change(d):
        d["konton"].append(dict(d["konton"][0]))
    edit(folder, "kontoplan", change)
    errors = errors_of(folder)
    assert has(errors, "kontoplan.yaml", "konton", "kontot '30' förekommer flera gånger"), show(errors)


def test_two_overgripande_mal(folder):
    def change(d):
        d["strategiska_mal"][1]["overgripande"] = True
    edit(folder, "malkedja", change)
    errors = errors_of(folder)
    assert has(errors, "malkedja.yaml", "strategiska_mal", "exakt ett strategiskt mål"), show(errors)


def test_unknown_verksamhetskod(folder):
    def change(d):
        d["namnder"][0]["verksamheter"].append("999")
    edit(folder, "organisation", change)
    errors = errors_of(folder)
    assert has(errors, "organisation.yaml", "namnder[0].verksamheter[6]",
               "verksamhetskoden '999' finns inte i kontoplan.yaml"), show(errors)


def test_invalid_yaml(folder):
    (folder / "malkedja.yaml").write_text("vardegrund:\n  namn: [Mora för utveckling\n", encoding="utf-8")
    errors = errors_of(folder)
    bad = [e for e in errors if Path(e.file).name == "malkedja.yaml"]
    assert len(bad) == 1, show(errors)
    assert bad[0].key.startswith("rad "), show(errors)
    assert "inte giltig YAML" in bad[0].message


def test_file_not_a_table(folder):
    (folder / "planering.yaml").write_text("- 2027\n- 2028\n", encoding="utf-8")
    errors = errors_of(folder)
    assert has(errors, "planering.yaml", "", "ska innehålla en tabell"), show(errors)


def test_missing_file(folder):
    (folder / "arshjul.yaml").unlink()
    errors = errors_of(folder)
    assert has(errors, "arshjul.yaml", "", "filen saknas"), show(errors)


def test_missing_folder(tmp_path):
    config, errors = load_config(tmp_path / "finns_inte")
    assert config is None
    assert len(errors) == 1 and "finns inte" in errors[0].message


def test_errors_in_several_files_are_all_reported(folder):
    edit(folder, "ekonomi", lambda d: d.pop("skattesats"))
    (folder / "arshjul.yaml").unlink()
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "skattesats", "nyckeln saknas"), show(errors)
    assert has(errors, "arshjul.yaml", "", "filen saknas"), show(errors)


def test_error_str_names_file_and_key(folder):
    edit(folder, "ekonomi", lambda d: d.pop("skattesats"))
    (e,) = errors_of(folder)
    assert str(e).endswith("ekonomi.yaml: skattesats: nyckeln saknas")



def test_duplicate_yaml_key_is_reported(folder: Path) -> None:
    text = (folder / "kommun.yaml").read_text(encoding="utf-8")
    (folder / "kommun.yaml").write_text(text + "\nnamn: Annan kommun\n", encoding="utf-8")
    cfg, errors = load_config(folder)
    assert cfg is None
    assert any(e.file.endswith("kommun.yaml") and "två gånger" in e.message and e.key.startswith("rad ")
               for e in errors)


def test_unbalanced_opening_balance_is_reported(folder: Path) -> None:
    edit(folder, "ekonomi", lambda d: d["ingaende_balans"].update(kassa_och_bank=d["ingaende_balans"]["kassa_och_bank"] + 1000))
    cfg, errors = load_config(folder)
    assert cfg is None
    assert [(e.key, "balanserar inte" in e.message) for e in errors] == [("ingaende_balans", True)]


# ---------------------------------------------------------------- strict checks (issue 12, part 7)
def test_id_with_a_ring_states_the_allowed_form(folder):
    def change(d):
        d["namnder"][3]["id"] = "kfnå"
    edit(folder, "organisation", change)
    errors = errors_of(folder)
    assert has(errors, "organisation.yaml", "namnder[3].id", "a–z, 0–9 och _"), show(errors)
    assert has(errors, "organisation.yaml", "namnder[3].id", "inte å, ä, ö"), show(errors)


def test_kommunkod_pattern_states_the_allowed_form(folder):
    edit(folder, "kommun", lambda d: d.update(kommunkod="62"))
    assert has(errors_of(folder), "kommun.yaml", "kommunkod", "fyra siffror"), show(errors_of(folder))


@pytest.mark.parametrize(("key", "year", "value", "want"), [
    ("befintliga_avskrivningar", 2027, -45000, "0 eller större"),
    ("skatteintakter", 2028, -1206000, "större än 0"),
    ("skatteintakter", 2029, 0, "större än 0"),
])
def test_sign_of_a_yearly_amount(folder, key, year, value, want):
    edit(folder, "ekonomi", lambda d: d[key].update({year: value}))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", f"{key}.{year}", want), show(errors)


def test_negative_ram_and_amortering(folder):
    def change(d):
        d["ramar"]["ks"][2028] = -1
        d["lan"]["lan"][1]["amortering"][2029] = -30000
    edit(folder, "ekonomi", change)
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", "ramar.ks.2028", "0 eller större"), show(errors)
    assert has(errors, "ekonomi.yaml", "lan.lan.1.amortering.2029", "0 eller större"), show(errors)


@pytest.mark.parametrize(("loan", "key"), [(0, "amortering"), (2, "nyupplaning")])
def test_loan_table_missing_a_plan_year(folder, loan, key):
    edit(folder, "ekonomi", lambda d: d["lan"]["lan"][loan][key].pop(2029))
    errors = errors_of(folder)
    assert has(errors, "ekonomi.yaml", f"lan.lan.{loan}.{key}", "värde saknas för år 2029"), show(errors)




def test_unknown_document_in_arshjul(folder):
    def change(d):
        next(h for h in d["handelser"] if h.get("dokument") == "taxor")["dokument"] = "taxxor"
    from xltools.forms.arshjul import unknown_documents

    edit(folder, "arshjul", change)
    config, _ = load_config(folder)
    assert config is not None
    errors = unknown_documents(config, folder)
    assert len(errors) == 1 and Path(errors[0].file).name == "arshjul.yaml", show(errors)
    assert errors[0].key.endswith(".dokument") and "okänt dokument 'taxxor'" in errors[0].message
    assert "taxor" in errors[0].message.split("kända dokument:")[1]
    assert unknown_documents(load_config(CONFIG)[0], CONFIG) == []
