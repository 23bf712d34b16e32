"""The kommunplan as a document model, built from its JSON contract (docs/kommunplan.md).

The statements are driven by the data: every line in the JSON appears, in the order of the
statement's declared lines (label, heading, subtotal, indent from xltools.consolidate), and a
line the declarations do not know yet is still shown, after them, under its key. Nämnd and
kategori names come from the config through `Names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.lines import Line
from xltools.reports.dokument.model import (
    SIGN_NOTE,
    Cell,
    Column,
    Dokument,
    Paragraph,
    Placeholder,
    Row,
    Section,
    Table,
    count,
    label_of,
    mnkr,
    pct,
    statement_rows,
    text,
    tkr,
    yes_no,
)
from xltools.sv import sv_amount, sv_number

# Note amounts are positive in the JSON; shown here as they add up to the resultatbudget line.
NOTE_SIGN = {"interna_intakter": -1, "namndernas_kostnader": -1, "ramar_utan_driftbudget": -1,
             "finansforvaltning_kostnader": -1, "avskrivningar_befintliga": -1, "avskrivningar_nya": -1,
             "rantekostnad": -1, "ranta_pensionsavsattning": -1, "ovriga_finansiella_kostnader": -1,
             "realisationsforluster": -1, "upplosning_bidrag_statlig_infrastruktur": -1}
BALANSKRAV = {"arets_resultat": ("Årets resultat enligt resultatbudgeten", 1, ""),
              "realisationsvinster": ("Avgår: samtliga realisationsvinster", -1, ""),
              "undantag": ("Vinster (−) och förluster (+) enligt undantagsmöjlighet", 1, ""),
              "orealiserade_vardepapper": ("Orealiserade förluster (+) och vinster (−) i värdepapper", 1, ""),
              "aterforing_orealiserade": ("Återföring av orealiserade förluster (−) och vinster (+) i värdepapper",
                                          1, ""),
              "efter_balanskravsjusteringar": ("Årets resultat efter balanskravsjusteringar", 1, "sum"),
              "rur_reservering": ("Medel till resultatutjämningsreserv", 1, ""),
              "rur_disposition": ("Medel från resultatutjämningsreserv", 1, ""),
              "resultatutjamningsreserv": ("Reservering till (−) och disposition från (+) resultatutjämningsreserv",
                                           1, "sum"),
              "balanskravsresultat": ("Balanskravsresultat", 1, "total"),
              "rur_ib": ("Resultatutjämningsreserv vid årets början", 1, ""),
              "rur_ub": ("Resultatutjämningsreserv vid årets slut", 1, ""),
              "aterstallt": ("Återställt av tidigare års negativa balanskravsresultat", 1, ""),
              "kvar_att_aterstalla": ("Negativa balanskravsresultat kvar att återställa (inom tre år)", 1, "")}
AVSKRIVNING_TEXT = {"aret_efter": "Nya investeringar skrivs av linjärt från året efter aktiveringsåret.",
                    "halvar": "Nya investeringar skrivs av linjärt med ett halvår det år de aktiveras (halvårskonvention).",
                    "manaden_efter_aktivering": "Nya investeringar skrivs av linjärt från månaden efter aktiveringen "
                                                "(antagen aktiveringsmånad: {manad})."}
MANAD = dict(enumerate(("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                        "oktober", "november", "december"), start=1))
TYP = {"identitet": "Identitet", "internposter": "Internposter", "tackning": "Täckning", "ram": "Ram",
       "investeringsram": "Investeringsram", "borgensram": "Borgensram", "balanskrav": "Balanskrav", "finansiellt_mal": "Finansiellt mål",
       "kontrollsumma": "Kontrollsumma"}
SLAG = {"internhyra": "Internhyra", "interna_tjanster": "Interna tjänster"}
DOKUMENT = {"driftbudget": "Driftbudget", "investeringsplan": "Investeringsplan", "internhyror": "Internhyror",
            "taxor": "Taxor och avgifter", "namndplan": "Nämndplan", "verksamhetsplan": "Verksamhetsplan",
            "internkontrollplan": "Intern kontrollplan"}


@dataclass(frozen=True)
class Names:
    """Names the JSON keeps as ids: nämnder and investeringskategorier."""

    namnder: Mapping[str, str] = field(default_factory=dict)
    kategorier: Mapping[str, str] = field(default_factory=dict)

    def namnd(self, nid: str | None) -> str:
        return "" if nid is None else self.namnder.get(nid, nid)

    @classmethod
    def of(cls, config: Any) -> Names:
        return cls({n.id: n.namn for n in config.organisation.namnder},
                   {k.id: k.namn for k in config.ekonomi.investeringskategorier})


def shown_path(path: str) -> str:
    """A source path as shown in a document: relative to the inkorg, never a server's absolute path."""
    for kind in (PurePosixPath, PureWindowsPath):
        p: PurePath = kind(path)
        if p.is_absolute() or p.drive or ".." in p.parts:
            return p.name
    return path


def year_header(y: int, budgetar: int) -> str:
    return f"Budget {y}" if y == budgetar else f"Plan {y}"


class _Builder:
    def __init__(self, data: dict[str, Any], names: Names):
        self.d = data
        self.names = names
        self.years: list[int] = list(data["ar"])
        self.ys = [str(y) for y in self.years]
        self.budgetar: int = data["budgetar"]

    def year_columns(self, first: str = "") -> list[Column]:
        return [Column(first, "text"), *(Column(year_header(y, self.budgetar)) for y in self.years)]

    # ------------------------------------------------------------ comparison columns (issue 16 part 2)
    def comparison(self, statement: str, skip: tuple[str, ...] = ()) -> tuple[list[dict[str, Any]], str]:
        """The comparison columns with figures for `statement` (Bokslut t−2, Budget t−1, Prognos t−1) and the
        sentence naming their sources and the missing ones (never shown as zero)."""
        shown, said, missing = [], [], []
        for k in self.d.get("jamforelse", []):
            if k["typ"] in skip:
                continue
            values = k.get(statement) or {}
            if k["saknas"] or not any(v is not None for v in values.values()):
                missing.append(k["rubrik"])
                continue
            shown.append(k)
            said.append(f"{k['rubrik']} ur {k['kalla']}")
        text = ""
        if said:
            text += " Jämförelse: " + "; ".join(said) + "."
        if missing:
            text += " Uppgift saknas för " + " och ".join(missing) + "."
        return shown, text

    def with_comparison(self, columns: list[Column], shown: list[dict[str, Any]]) -> list[Column]:
        return [columns[0], *(Column(k["rubrik"]) for k in shown), *columns[1:]]

    # ------------------------------------------------------------ statements
    def statement_rows(self, lines: tuple[Line, ...], per_year: Mapping[str, Mapping[str, float | None]],
                       before: Iterable[Mapping[str, Any]] = ()) -> list[Row]:
        """Rows in declared order; lines in the data but not declared follow; headings need no data."""
        return statement_rows(lines, [*before, *(per_year[y] for y in self.ys)], per_year[self.ys[0]])

    def resultatbudget(self) -> Section:
        rr = self.d["resultatbudget"]
        shown, said = self.comparison("resultatbudget")
        t = Table("resultatbudget", f"Resultatbudget {self.years[0]}–{self.years[-1]}",
                  self.with_comparison(self.year_columns("tkr"), shown),
                  note="Belopp i tkr. Intäkter med plustecken, kostnader med minustecken. "
                       "Not: se Noter till resultatbudgeten." + said)
        notes = resultat.note_numbers()
        t.columns.insert(1, Column("Not", "status"))
        rows = self.statement_rows(resultat.LINES, rr, before=[k["resultatbudget"] for k in shown])
        t.rows = [Row((r.cells[0], Cell(notes.get(key, "")), *r.cells[1:]), r.style, r.indent) if len(r.cells) > 1
                  else r for key, r in zip(_keys(resultat.LINES, rr[self.ys[0]]), rows, strict=True)]
        return Section("resultatbudget", "Resultatbudget", 1, [t, Placeholder(
            "Kommentera resultatbudgeten: årets resultat, skatteintäkternas utveckling och de största förändringarna "
            "mot föregående år.")])

    def noter(self) -> Section:
        noter = self.d["resultatbudget_noter"]
        rr = self.d["resultatbudget"]
        numbers = {v: k for k, v in resultat.note_numbers().items()}
        t = Table("noter", "Noter till resultatbudgeten", self.year_columns("tkr"),
                  note="Belopp i tkr, med tecken som i resultatbudgeten. Varje not slutar med raden i resultatbudgeten.")
        first = noter[self.ys[0]]
        known = set()
        current: str | None = None

        def close() -> None:
            if current is not None:
                t.rows.append(Row((Cell(f"{self.rr_label(current)} enligt resultatbudgeten"),
                                   *(tkr(rr[y].get(current)) for y in self.ys)), "sum"))

        for ln in resultat.NOTE_LINES:
            known.add(ln.key)
            if ln.heading:
                close()
                m = re.match(r"Not (\d+) ", ln.label)
                current = numbers.get(m.group(1)) if m else None
                t.rows.append(Row((Cell(ln.label),), "heading"))
            elif ln.key in first:
                sign = NOTE_SIGN.get(ln.key, 1)
                t.rows.append(Row((Cell(ln.label), *(tkr(noter[y].get(ln.key), sign) for y in self.ys)), "", 1))
                if ln.key == "rantekostnad":
                    t.rows += self.loan_rows()
        close()
        t.rows += [Row((Cell(label_of(k)), *(tkr(noter[y].get(k)) for y in self.ys))) for k in first if k not in known]
        return Section("noter", "Noter till resultatbudgeten", 2, [t])

    def loan_rows(self) -> list[Row]:
        """Därav per lån: each loan's interest, its rates in the label (a single rate on the whole debt: none)."""
        lan = self.d.get("lan") or {}
        first = lan.get(self.ys[0], [])
        if len(first) < 2:
            return []
        rows = []
        for j, loan in enumerate(first):
            rates = ", ".join(sv_number(lan[y][j]["rantesats"]) for y in self.ys)
            rows.append(Row((Cell(f"därav {loan['namn']} (räntesats {rates} %)"),
                             *(tkr(lan[y][j]["ranta"], -1) for y in self.ys)), "", 2))
        return rows

    def rr_label(self, key: str) -> str:
        return next((ln.label for ln in resultat.LINES if ln.key == key), label_of(key))

    def balanskrav(self) -> Section:
        bk = self.d["balanskrav"]
        t = Table("balanskrav", "Balanskravsutredning", self.year_columns("tkr"),
                  note="Belopp i tkr. Balanskravet (kommunallagen 11 kap.) är uppfyllt när balanskravsresultatet "
                       "är större än noll.")
        first = bk[self.ys[0]]
        for key in [*BALANSKRAV, *(k for k in first if k not in BALANSKRAV and k != "uppfyllt")]:
            if key not in first:
                continue
            label, sign, style = BALANSKRAV.get(key, (label_of(key), 1, ""))
            t.rows.append(Row((Cell(label), *(tkr(bk[y].get(key), sign) for y in self.ys)), style))  # type: ignore[arg-type]
        if "uppfyllt" in first:
            t.rows.append(Row((Cell("Balanskravet uppfyllt"), *(yes_no(bk[y]["uppfyllt"]) for y in self.ys))))
        return Section("balanskrav", "Balanskravsutredning", 2, [t])

    def kassaflodesbudget(self) -> Section:
        shown, said = self.comparison("kassaflodesbudget")
        t = Table("kassaflodesbudget", f"Kassaflödesbudget {self.years[0]}–{self.years[-1]}",
                  self.with_comparison(self.year_columns("tkr"), shown),
                  note="Belopp i tkr. Inbetalningar med plustecken, utbetalningar med minustecken. "
                       "Likvida medel = kassa och bank." + said)
        t.rows = self.statement_rows(kassaflode.LINES, self.d["kassaflodesbudget"],
                                     before=[k["kassaflodesbudget"] for k in shown])
        return Section("kassaflodesbudget", "Kassaflödesbudget", 1, [t])

    def balansbudget(self) -> Section:
        ib = self.d["ingaende_balans"]
        typ = "Prognos" if ib.get("typ") == "prognos" else "Bokslut"
        shown, said = self.comparison("balansbudget", skip=("prognos",))  # the ingående balans is the prognos
        cols = self.with_comparison(self.year_columns("tkr"), shown)
        cols.insert(1 + len(shown), Column(f"{typ} {ib['ar']}"))
        t = Table("balansbudget", f"Balansbudget {self.years[0]}–{self.years[-1]}", cols,
                  note=f"Belopp i tkr per den 31 december. Kolumnen {typ} {ib['ar']} är den ingående balansen. "
                       "Posterna är positiva." + said)
        br = self.d["balansbudget"]
        rows = self.statement_rows(balans.LINES, br, before=[*(k["balansbudget"] for k in shown), ib["poster"]])
        keys = _keys(balans.LINES, br[self.ys[0]])
        if "borgensforbindelser" in keys:  # därav per bolag, under the line
            at = keys.index("borgensforbindelser") + 1
            rows[at:at] = self.borgen_rows(len(shown))
        t.rows = rows
        blocks: list[Any] = [t]
        if self.d.get("anlaggningstillgangar"):
            blocks.append(self.balans_noter())
        return Section("balansbudget", "Balansbudget", 1, [*blocks, Placeholder(
            "Kommentera balansbudgeten: soliditet, låneskuld och pensionsåtaganden.")])

    def borgen_rows(self, pad: int = 0) -> list[Row]:
        """Borgen per bolag (or other borrower): the opening balance and each year's UB (after `pad` comparison
        columns, which have no borgen per bolag: –)."""
        af = self.d.get("ansvarsforbindelser") or {}
        first = (af.get(self.ys[0]) or {}).get("borgen", [])
        return [Row((Cell(f"därav {b['namn']}"), *(tkr(None) for _ in range(pad)), tkr(b["ib"]),
                     *(tkr(af[y]["borgen"][j]["ub"]) for y in self.ys)), "", 2) for j, b in enumerate(first)]

    def balans_noter(self) -> Table:
        """The rolls behind the balansbudget: anläggningstillgångar per slag, avsättningar, pensionsförpliktelser,
        lån till bolag (UB = IB + in − out), and the avskrivning convention."""
        princip = self.d.get("avskrivningsprincip") or {}
        t = Table("balansbudget-noter", "Noter till balansbudgeten", self.year_columns("tkr"),
                  note="Belopp i tkr. Varje not rullar posten: ingående värde + ökningar − minskningar = utgående värde. "
                       + AVSKRIVNING_TEXT.get(princip.get("start", ""), "").format(
                           manad=MANAD.get(princip.get("aktiveringsmanad"), "")))

        def roll(title: str, per_year: dict[str, Any], parts: list[tuple[str, str, int]]) -> None:
            t.rows.append(Row((Cell(title),), "heading"))
            t.rows.append(Row((Cell("Ingående värde"), *(tkr(per_year[y]["ib"]) for y in self.ys)), "", 1))
            for label, key, sign in parts:
                t.rows.append(Row((Cell(label), *(tkr(per_year[y][key], sign) for y in self.ys)), "", 1))
            t.rows.append(Row((Cell("Utgående värde"), *(tkr(per_year[y]["ub"]) for y in self.ys)), "sum"))

        anl = self.d["anlaggningstillgangar"]
        for slag in anl[self.ys[0]]:
            roll(next((ln.label for ln in balans.LINES if ln.key == slag), label_of(slag)),
                 {y: anl[y][slag] for y in self.ys},
                 [("Investeringar", "investeringar", 1),
                  ("Avgår: avskrivningar på befintliga tillgångar", "avskrivningar_befintliga", -1),
                  ("Avgår: avskrivningar på nya investeringar", "avskrivningar_nya", -1),
                  ("Avgår: bokfört värde av sålda tillgångar", "forsaljning", -1)])
        avs = self.d.get("avsattningar") or {}
        for key, title in (("pensioner", "Avsättningar för pensioner och liknande förpliktelser"),
                           ("andra", "Andra avsättningar")):
            if avs and key in avs[self.ys[0]]:
                roll(title, {y: avs[y][key] for y in self.ys},
                     [("Gjorda avsättningar", "gjorda", 1), ("Avgår: ianspråktagna avsättningar", "ianspraktagna", -1)])
        af = self.d.get("ansvarsforbindelser") or {}
        if af:
            roll("Pensionsförpliktelser intjänade före 1998 (ansvarsförbindelse)",
                 {y: af[y]["pensionsforpliktelser"] for y in self.ys},
                 [("Ökning (ränta, basbeloppsuppräkning, löneskatt)", "okning", 1),
                  ("Avgår: minskning (utbetalningar)", "minskning", -1)])
        lan = self.d.get("lan_till_bolag") or {}
        for j, ln in enumerate(lan.get(self.ys[0], [])):
            roll(f"Lån till {ln['namn']}", {y: lan[y][j] for y in self.ys},
                 [("Utlåning", "utlaning", 1), ("Avgår: amortering", "amortering", -1)])
        return t

    # ------------------------------------------------------------ summary and goals
    def sammandrag(self) -> Section:
        rr, br, kf = self.d["resultatbudget"], self.d["balansbudget"], self.d["kassaflodesbudget"]
        inv = self.d.get("investeringar_per_ar", {})
        t = Table("sammandrag", "Ekonomin i sammandrag", self.year_columns("mnkr"),
                  note="Belopp i miljoner kronor (mnkr) med en decimal; nyckeltal i procent. " + SIGN_NOTE)

        def line(label: str, values: list[Cell], style: str = "") -> None:
            t.rows.append(Row((Cell(label), *values), style))  # type: ignore[arg-type]

        skatt = {y: (rr[y].get("skatteintakter") or 0) + (rr[y].get("generella_statsbidrag_och_utjamning") or 0)
                 for y in self.ys}
        line("Verksamhetens nettokostnader", [mnkr(rr[y].get("verksamhetens_nettokostnader")) for y in self.ys])
        line("Skatteintäkter, generella statsbidrag och utjämning", [mnkr(skatt[y]) for y in self.ys])
        line("Årets resultat", [mnkr(rr[y].get("arets_resultat")) for y in self.ys], "sum")
        line("Årets resultat i procent av skatteintäkter och statsbidrag",
             [pct(_ratio(rr[y].get("arets_resultat"), skatt[y])) for y in self.ys])
        line("Nettoinvesteringar", [mnkr(inv.get(y), -1) for y in self.ys])
        avskr = {y: -(rr[y].get("avskrivningar") or 0) for y in self.ys}
        line("Självfinansieringsgrad av investeringarna",
             [pct(_ratio((rr[y].get("arets_resultat") or 0) + avskr[y], inv.get(y))) for y in self.ys])
        line("Årets kassaflöde", [mnkr(kf[y].get("arets_kassaflode")) for y in self.ys])
        line("Eget kapital", [mnkr(br[y].get("eget_kapital")) for y in self.ys])
        line("Soliditet", [pct(_ratio(br[y].get("eget_kapital"), br[y].get("summa_tillgangar"))) for y in self.ys])
        line("Långfristiga skulder", [mnkr(br[y].get("langfristiga_skulder")) for y in self.ys])
        return Section("sammandrag", "Ekonomin i sammandrag", 1, [
            t, Placeholder("Sammanfatta budgeten i några meningar: resultatnivå, investeringsvolym och de viktigaste "
                           "prioriteringarna.")])

    def finansiella_mal(self) -> Section:
        goals: dict[str, list[dict[str, Any]]] = {}
        for m in self.d.get("finansiella_mal", []):
            goals.setdefault(m["id"], []).append(m)
        cols = [Column("Mål", "text"), Column("Målnivå"), *(Column(str(y)) for y in self.years),
                Column("Uppfyllt", "status")]
        t = Table("finansiella-mal", "Finansiella mål", cols,
                  note="Värden i procent per år. Uppfyllt = målet nås alla tre åren; annars anges de år det inte nås.")
        for gid, items in goals.items():
            by_year = {m["ar"]: m for m in items}
            missed = [str(y) for y in self.years if y in by_year and by_year[y]["uppfyllt"] is False]
            t.rows.append(Row((Cell(f"{gid} {items[0]['namn']}"), Cell(f"minst {pct(items[0]['minst']).text}",
                                                                        items[0]["minst"]),
                               *(pct(by_year[y]["varde"]) if y in by_year else Cell("–") for y in self.years),
                               Cell("Ja" if not missed else "Nej (" + ", ".join(missed) + ")"))))
        blocks: list[Any] = [t] if t.rows else [Paragraph("Konfigurationen anger inga finansiella mål.")]
        blocks.append(Placeholder("Analysera måluppfyllelsen och vad som krävs de år ett mål inte nås."))
        return Section("finansiella-mal", "Finansiella mål", 1, blocks)

    # ------------------------------------------------------------ drift and investering
    def driftbudget(self) -> Section:
        drift = self.d["driftbudget"]
        by = self.ys[0]
        jf = [k for k in self.d.get("jamforelse", []) if k.get("driftbudget_kalla")]
        missing = [k["rubrik"] for k in self.d.get("jamforelse", []) if not k.get("driftbudget_kalla")]
        said = (" Jämförelse: " + "; ".join(f"{k['rubrik']} ur {k['driftbudget_kalla']}" for k in jf) + "." if jf else "") + (
            " Uppgift saknas för " + " och ".join(missing) + "." if missing else "")
        for k in jf:  # nämnder of an earlier year that no longer exist: their nettokostnad is said, not dropped
            gone = {n: v for n, v in k["driftbudget"].items() if n not in drift and v is not None}
            if gone:
                said += (f" {k['rubrik']} omfattar också nämnder som inte finns i dag: "
                         + ", ".join(f"{n} {sv_amount(round(v))} tkr" for n, v in gone.items()) + ".")
        netto = Table("driftbudget-netto", "Nettokostnad per nämnd",
                      self.with_comparison(self.year_columns("Nämnd, tkr"), jf),
                      note="Belopp i tkr. Nettokostnad = intäkter − kostnader (en kostnad har minustecken). "
                           "En nämnd som inte har lämnat driftbudget visas med –; dess ram räknas då som "
                           "nettokostnad i resultatbudgeten." + said)
        ram = Table("driftbudget-ramar", "Nämndernas ramar", self.year_columns("Nämnd, tkr"),
                    note="Belopp i tkr: den nettokostnad som kommunfullmäktige anvisar varje nämnd (minustecken).")
        detalj = Table("driftbudget-" + by, f"Driftbudget {by} per nämnd",
                       [Column("Nämnd, tkr", "text"), Column("Intäkter"), Column("Kostnader"),
                        Column("Nettokostnad"), Column("Ram"), Column("Avvikelse mot ram")],
                       note=f"Belopp i tkr för budgetåret {by}, interna poster inräknade (de elimineras i "
                            "resultatbudgeten). Avvikelse mot ram: plus = nettokostnaden ryms i ramen.")
        for nid, years in drift.items():
            name = Cell(self.names.namnd(nid))
            netto.rows.append(Row((name, *(tkr(k["driftbudget"].get(nid), -1) for k in jf),
                                   *(tkr(years[y]["netto"], -1) for y in self.ys))))
            ram.rows.append(Row((name, *(tkr(years[y]["ram"], -1) for y in self.ys))))
            v = years[by]
            detalj.rows.append(Row((name, tkr(v["intakter"]), tkr(v["kostnader"], -1), tkr(v["netto"], -1),
                                    tkr(v["ram"], -1), tkr(v["differens"]))))

        def total(key: str, sign: int, year: str) -> float | None:
            vals = [years[year][key] for years in drift.values() if years[year][key] is not None]
            return sign * sum(vals) if vals else None

        def jf_total(k: dict[str, Any]) -> float | None:
            vals = [k["driftbudget"].get(n) for n in drift]
            return -sum(v for v in vals if v is not None) if any(v is not None for v in vals) else None

        netto.rows.append(Row((Cell("Summa nämnder med driftbudget"), *(tkr(jf_total(k)) for k in jf),
                               *(tkr(total("netto", -1, y)) for y in self.ys)), "total"))
        ram.rows.append(Row((Cell("Summa ramar"), *(tkr(total("ram", -1, y)) for y in self.ys)), "total"))
        detalj.rows.append(Row((Cell("Summa"), tkr(total("intakter", 1, by)), tkr(total("kostnader", -1, by)),
                                tkr(total("netto", -1, by)), tkr(total("ram", -1, by)),
                                tkr(total("differens", 1, by))), "total"))
        missing = [self.names.namnd(n) for n, years in drift.items() if not years[by]["inlamnad"]]
        blocks: list[Any] = [netto, detalj, ram]
        if missing:
            blocks.insert(0, Paragraph("Driftbudget saknas för: " + ", ".join(missing) + ". Ramen räknas som "
                                       "nettokostnad tills nämnden har lämnat sin driftbudget."))
        blocks.append(Placeholder("Beskriv nämndernas uppdrag och de förändringar av ramarna som "
                                  "kommunfullmäktige beslutar om."))
        return Section("driftbudget", "Driftbudget", 1, blocks)

    def investeringsbudget(self) -> Section:
        inv = self.d.get("investeringsbudget", {})
        per = Table("investeringar-per-namnd", "Investeringsbudget per nämnd",
                    [*self.year_columns("Nämnd, tkr"), Column("Summa")],
                    note="Utgifter i tkr (minustecken).")
        for nid, years in inv.items():
            vals = [years.get(y) or 0 for y in self.ys]
            per.rows.append(Row((Cell(self.names.namnd(nid)), *(tkr(v, -1) for v in vals), tkr(sum(vals), -1))))
        per_ar = self.d.get("investeringar_per_ar", {})
        per.rows.append(Row((Cell("Summa investeringar"), *(tkr(per_ar.get(y), -1) for y in self.ys),
                             tkr(sum(per_ar.get(y) or 0 for y in self.ys), -1)), "total"))
        proj = Table("investeringsprojekt", "Investeringsprojekt",
                     [Column("Projekt", "text", 1.2), Column("Benämning", "text", 3.0), Column("Kategori", "text"),
                      Column("Aktiveras", "status", 1.0), *(Column(str(y)) for y in self.years), Column("Senare år"),
                      Column("Totalt")],
                     note="Utgifter i tkr (minustecken). Ett projekt skrivs av från året efter att det aktiveras.")
        current = None
        for p in self.d.get("investeringsprojekt", []):
            if p["namnd"] != current:
                current = p["namnd"]
                proj.rows.append(Row((Cell(self.names.namnd(current)),), "heading"))
            proj.rows.append(Row((Cell(p["projekt_id"]), Cell(p["namn"]),
                                  Cell(self.names.kategorier.get(p["kategori"], p["kategori"])),
                                  Cell(str(p["aktiveringsar"]), p["aktiveringsar"]),
                                  *(tkr(p["utgift"].get(y), -1) for y in self.ys), tkr(p["utgift_senare"], -1),
                                  tkr(p["total_utgift"], -1))))
        blocks: list[Any] = [per, Placeholder("Kommentera de större investeringarna och deras driftkostnader.")]
        if proj.rows:
            blocks.insert(1, proj)
        return Section("investeringsbudget", "Investeringsbudget", 1, blocks)

    # ------------------------------------------------------------ appendices
    def internposter(self) -> Section:
        t = Table("internposter", "Internposter", [
            Column("Säljare", "text"), Column("Köpare", "text"), Column("Slag", "text"), Column("År", "status"),
            Column("Internhyres­dokumentet"), Column("Säljarens driftbudget"), Column("Köparens driftbudget"),
            Column("Stämmer", "status")],
            note="Det interna flödets belopp i tkr enligt varje underlag (utan tecken). Interna poster elimineras "
                 "i resultatbudgeten.")
        for p in self.d.get("internposter", []):
            t.rows.append(Row((Cell(self.names.namnd(p["saljare"])), Cell(self.names.namnd(p["kopare"])),
                               Cell(SLAG.get(p["slag"], label_of(p["slag"]))), Cell(str(p["ar"]), p["ar"]),
                               tkr(p["internhyresdokument"]), tkr(p["saljarens_driftbudget"]),
                               tkr(p["koparens_driftbudget"]), yes_no(p["ok"]))))
        return Section("internposter", "Bilaga: Internposter", 1,
                       [t] if t.rows else [Paragraph("Inga interna flöden.")])

    def kontroller(self) -> Section:
        ks = self.d.get("kontroller", [])
        bad = [k for k in ks if not k["ok"]]
        per: dict[str, list[dict[str, Any]]] = {}
        for k in ks:
            per.setdefault(k["regel"], []).append(k)
        t = Table("kontroller", "Kontroller per regel", [Column("Regel", "text"), Column("Slag", "text"),
                                                         Column("Antal"), Column("Uppfyllda")],
                  note="Sammanställningens avstämningar per regel (se docs/kommunplan.md); varje kontroll med "
                       "belopp finns på bladet Kontroller i arbetsboken.")
        for regel, items in per.items():
            t.rows.append(Row((Cell(regel), Cell(TYP.get(items[0]["typ"], label_of(items[0]["typ"]))),
                               count(len(items)), count(sum(1 for k in items if k["ok"])))))
        t.rows.append(Row((Cell("Summa"), Cell(""), count(len(ks)), count(len(ks) - len(bad))), "total"))
        blocks: list[Any] = [Paragraph(f"{count(len(ks) - len(bad)).text} av {count(len(ks)).text} kontroller "
                                       "är uppfyllda."), t]
        if bad:
            e = Table("kontroller-ej-uppfyllda", "Kontroller som inte är uppfyllda",
                      [Column("Id", "text"), Column("Kontroll", "text")])
            e.rows = [Row((Cell(k["id"]), Cell(k["beskrivning"]))) for k in bad]
            blocks.append(e)
        return Section("kontroller", "Bilaga: Kontroller", 1, blocks)

    def underlag(self) -> Section:
        per: dict[str, list[str]] = {}
        for s in self.d.get("kallor", []):
            per.setdefault(s["namnd"], []).append(DOKUMENT.get(s["document"], s["document"]))
        t = Table("underlag", "Inlämnade underlag som ingår", [Column("Nämnd", "text"), Column("Dokument", "text"),
                                                                Column("Antal")],
                  note="Varje fil med kontrollsumma (sha256) och varje sammanställd siffras fil, blad och cell "
                       "finns på bladet Källor i arbetsboken.")
        for nid, docs in per.items():
            t.rows.append(Row((Cell(self.names.namnd(nid)), Cell(", ".join(docs)), count(len(docs)))))
        t.rows.append(Row((Cell("Summa"), Cell(""), count(sum(len(v) for v in per.values()))), "total"))
        blocks: list[Any] = [t]
        ut = self.d.get("uteslutna", [])
        if ut:
            u = Table("uteslutna", "Underlag som inte ingår", [Column("Fil", "text"), Column("Skäl", "text")],
                      note="Sökvägar relativt mappen med inlämnade underlag.")
            for s in ut:
                u.rows.append(Row((text(shown_path(s["file"])), text("; ".join(s["skal"])))))
            blocks.append(u)
        return Section("underlag", "Bilaga: Underlag", 1, blocks)

    def build(self) -> Dokument:
        d = self.d
        y0, y2 = self.years[0], self.years[-1]
        skatt = d.get("skattesats")
        intro = [Placeholder("Kommunstyrelsens ordförande har ordet: inledning till kommunplanen."),
                 Paragraph(f"Kommunplanen omfattar budgetåret {y0} och planåren {self.years[1]}–{y2}: "
                           "resultat-, kassaflödes- och balansbudget, driftbudget med nämndernas ramar och "
                           "investeringsbudget. Tabellerna är sammanställda ur nämndernas inlämnade underlag och "
                           "kommunens ekonomiska förutsättningar."),
                 Paragraph("Läsanvisning: sammanfattningar i miljoner kronor (mnkr) med en decimal, "
                           "tabeller i tusental kronor (tkr). " + SIGN_NOTE)]
        if skatt is not None:
            intro.append(Paragraph(f"Skattesatsen är {sv_amount(skatt, 2)} kronor per skattekrona."))
        intro.append(Placeholder("Omvärld och förutsättningar: skatteunderlag, befolkning och andra antaganden."))
        sections = [
            Section("inledning", "Inledning", 1, intro),
            self.sammandrag(), self.finansiella_mal(), self.resultatbudget(), self.noter(), self.balanskrav(),
            self.kassaflodesbudget(), self.balansbudget(), self.driftbudget(), self.investeringsbudget(),
            self.internposter(), self.kontroller(), self.underlag(),
        ]
        return Dokument(f"kommunplan-{y0}", f"Kommunplan {y0}–{y2}", f"Budget {y0} och plan för {self.years[1]}–{y2}",
                        d["kommun"], d.get("exempeldata"), "Förslag till kommunfullmäktige", sections)


def _keys(lines: tuple[Line, ...], first: Mapping[str, Any]) -> list[str]:
    """The keys of `statement_rows`' rows, in the same order (headings included)."""
    known = {ln.key for ln in lines}
    return [ln.key for ln in lines if ln.heading or ln.key in first] + [k for k in first if k not in known]


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or not den:
        return None
    return 100 * num / den


def kommunplan_dokument(data: dict[str, Any], names: Names) -> Dokument:
    """The kommunplan document from its JSON contract (`kommunplan_json.to_dict`)."""
    return _Builder(data, names).build()
