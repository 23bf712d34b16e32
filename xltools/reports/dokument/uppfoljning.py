"""The delårsrapport and the årsredovisning (verksamhetsberättelse) as a document model, built
from the follow-up's JSON (reports/uppfoljning_json.py, docs/uppfoljning.md).

Nettokostnader are shown with a minus sign (SIGN_NOTE), avvikelse as budget − prognos (plus =
överskott), summaries in mnkr and detail tables in tkr, as in the kommunplan.
"""

from __future__ import annotations

from typing import Any

from xltools.forms.lists import FIXED
from xltools.reports.dokument.kommunplan import shown_path
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
    tkr,
    yes_no,
)
from xltools.uppfoljning.kommunen import BALANSKRAV_LINES, BR_LINES, GEH_TEXT, KF_LINES, RR_LINES

MANAD = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
BEDOMNING = {**dict(FIXED["bedomning"]), "saknas": "Ej angiven"}
KONTROLLSTATUS = {**dict(FIXED["kontrollstatus"]), "saknas": "Ej angiven"}
RAPPORT = {"manadsrapport": "Månadsrapport", "uppfoljning_jan_apr": "Uppföljning jan–apr",
           "delarsrapport": "Delårsrapport", "verksamhetsberattelse": "Verksamhetsberättelse"}


class _Builder:
    def __init__(self, data: dict[str, Any]):
        self.d = data
        self.helar = data["rapport"] == "verksamhetsberattelse"
        year, month = (int(x) for x in data["period"].split("-"))
        self.year, self.month = year, month
        self.utfall = f"Utfall jan–{MANAD[month - 1]}" if month > 1 else "Utfall jan"
        self.names = {n["namnd"]: n["namn"] for n in data["namnder"]}

    def namn(self, nid: str) -> str:
        return self.names.get(nid, nid)

    def sammandrag(self) -> Section:
        s = self.d["summa"]
        t = Table("sammandrag", "Ekonomin i sammandrag", [Column("mnkr", "text"), Column(str(self.year))],
                  note="Nämndernas nettokostnad i miljoner kronor (mnkr) med en decimal. " + SIGN_NOTE
                       + " Avvikelse = budget − " + ("utfall" if self.helar else "prognos") + "; plus = överskott.")
        t.rows = [Row((Cell("Budget, nettokostnad"), mnkr(s["budget"], -1))),
                  Row((Cell(self.utfall if not self.helar else "Utfall helår"), mnkr(s["utfall"], -1)))]
        if not self.helar:
            t.rows.append(Row((Cell("Prognos helår"), mnkr(s["prognos"], -1))))
        t.rows.append(Row((Cell("Avvikelse mot budget"), mnkr(s["avvikelse"])), "sum"))
        if s.get("atgarder_effekt"):
            t.rows.append(Row((Cell("Beslutade åtgärders effekt"), mnkr(s["atgarder_effekt"]))))
        blocks: list[Any] = [t]
        saknas = [self.namn(n) for n in self.d.get("saknas", [])]
        ej = [self.namn(n["namnd"]) for n in self.d.get("ej_godkanda", [])]
        if saknas:
            blocks.append(Paragraph("Rapport saknas från: " + ", ".join(saknas) + "."))
        if ej:
            blocks.append(Paragraph("Rapporten hade fel och ingår inte för: " + ", ".join(ej) + "."))
        for note in self.d.get("anteckningar", []):
            blocks.append(Paragraph(note))
        blocks.append(Placeholder("Kommentera det ekonomiska läget: resultat, prognos och de största avvikelserna."))
        return Section("sammandrag", "Ekonomin i sammandrag", 1, blocks)

    def drift(self) -> Section:
        cols = [Column("Nämnd, tkr", "text"), Column("Budget"), Column(self.utfall if not self.helar else "Utfall")]
        if not self.helar:
            cols += [Column("Prognos helår")]
        cols += [Column("Avvikelse"), Column("Åtgärders effekt")]
        t = Table("driftredovisning", "Driftredovisning per nämnd", cols,
                  note="Nettokostnad i tkr (minustecken). Avvikelse = budget − " + ("utfall" if self.helar else
                       "prognos") + "; plus = överskott. Nämnder utan godkänd rapport visas med –.")
        for n in self.d["namnder"]:
            label = n["namn"] + ("" if n["status"] == "inlämnad" else f" ({n['status']})")
            vals = [tkr(n["budget"], -1), tkr(n["utfall"], -1)]
            if not self.helar:
                vals.append(tkr(n["prognos"], -1))
            vals += [tkr(n["avvikelse"]), tkr(n["atgarder_effekt"])]
            t.rows.append(Row((Cell(label), *vals)))
        s = self.d["summa"]
        tot = [tkr(s["budget"], -1), tkr(s["utfall"], -1)]
        if not self.helar:
            tot.append(tkr(s["prognos"], -1))
        tot += [tkr(s["avvikelse"]), tkr(s.get("atgarder_effekt"))]
        t.rows.append(Row((Cell("Summa"), *tot), "total"))
        blocks: list[Any] = [t]
        trend = self.d.get("prognosutveckling", [])
        if len(trend) > 1:
            p = Table("prognosutveckling", "Prognosens utveckling under året",
                      [Column("Period", "text"), Column("Rapport", "text"), Column("Nämnder"), Column("Prognos"),
                       Column("Avvikelse")],
                      note="Helårsprognos för nämndernas nettokostnad i tkr (minustecken); avvikelse mot budget.")
            for x in trend:
                p.rows.append(Row((Cell(x["period"]), Cell(RAPPORT.get(x["rapport"], x["rapport"])),
                                   count(x["namnder"]), tkr(x["prognos"], -1), tkr(x["avvikelse"]))))
            blocks.append(p)
            n = Table("avvikelse-per-namnd", "Prognostiserad avvikelse mot budget per nämnd och period",
                      [Column("Nämnd, tkr", "text"), *(Column(x["period"]) for x in trend)],
                      note="Budget − helårsprognos (i årsredovisningen utfall) i tkr; plus = överskott.")
            for nid in self.names:
                if any(nid in x.get("avvikelse_per_namnd", {}) for x in trend):
                    n.rows.append(Row((Cell(self.namn(nid)),
                                       *(tkr(x.get("avvikelse_per_namnd", {}).get(nid)) for x in trend))))
            blocks.append(n)
        atg = [(n["namnd"], a) for n in self.d["namnder"] for a in n.get("atgarder", [])]
        if atg:
            a = Table("atgarder", "Åtgärder för budget i balans",
                      [Column("Verksamhet", "text", 1.6), Column("Åtgärd", "text", 4.4), Column("Effekt", weight=1.1),
                       Column("Ansvarig", "text", 2.0), Column("Klart", "status", 1.4)],
                      note="Per nämnd; beräknad effekt i tkr under året.")
            current = None
            for nid, x in atg:
                if nid != current:
                    current = nid
                    a.rows.append(Row((Cell(self.namn(nid)),), "heading"))
                a.rows.append(Row((Cell(x["verksamhet"] or "hela nämnden"), Cell(x["atgard"]), tkr(x["effekt"]),
                                   Cell(x["ansvarig"] or ""), Cell(x["klart"] or "")), indent=1))
            blocks.append(a)
        blocks.append(Placeholder("Analysera avvikelserna per nämnd och bedöm om åtgärderna räcker."))
        return Section("driftredovisning", "Driftredovisning", 1, blocks)

    def kommunen(self) -> Section | None:
        """The kommun's resultatprognos (utfall at year end), balanskrav, financial goals, BR, KF and GEH."""
        k = self.d.get("kommunen")
        if not k:
            return None
        cols, heads = list(k["kolumner"]), list(k["kolumner"].values())
        word = "utfall" if k["helar"] else "prognos"
        rr = k["resultatrakning"]
        dev = {key: None if rr["prognos"].get(key) is None else (rr["prognos"][key] or 0) - (rr["budget"][key] or 0)
               for key in rr["prognos"]}
        t = Table("kommunens-resultat", f"Resultaträkning, {word} mot budget",
                  [Column("tkr", "text"), *(Column(h) for h in heads), Column("Avvikelse")],
                  note="Belopp i tkr. " + SIGN_NOTE + " Avvikelse = " + word + " − budget; plus = bättre än budget.")
        t.rows = statement_rows(RR_LINES, [*(rr[c] for c in cols), dev], rr["prognos"])
        skr = k["skatteprognos"]
        basis = (f"Skatteintäkter och generella statsbidrag enligt {skr['kalla']} ({skr['datum']})." if skr
                 else "Skatteintäkter och generella statsbidrag enligt budget.")
        if k["prognosperiod"]:
            basis += f" Finansförvaltningen och övriga poster enligt ekonomienhetens prognos {k['prognosperiod']}."
        basis += " Nämnder utan godkänd rapport räknas med sin budget."
        bk = k["balanskravsutredning"]
        b = Table("kommunens-balanskrav", "Balanskravsutredning", [Column("tkr", "text"),
                  *(Column(k["kolumner"][c]) for c in ("budget", "prognos"))], note="Belopp i tkr.")
        b.rows = statement_rows(BALANSKRAV_LINES, [bk["budget"], bk["prognos"]])
        m = Table("kommunens-finansiella-mal", "Finansiella mål", [Column("Mål", "text", 4.0), Column("Minst"),
                  *(Column(h) for h in heads), Column("Uppfylls", "status")], note="Procent.")
        for x in k["finansiella_mal"]:
            m.rows.append(Row((Cell(x["namn"]), pct(x["minst"]), *(pct(x["varden"][c]) for c in cols),
                               yes_no(x["uppfyllt"]))))
        blocks: list[Any] = [Paragraph(basis), t, b, m]
        if k["balansrakning"]:
            br, kf = k["balansrakning"], k["kassaflode"]
            r = Table("kommunens-balansrakning", "Balansräkning i sammandrag",
                      [Column("tkr", "text"), Column(f"UB {k['ar'] - 1}"),
                       *(Column(k["kolumner"][c]) for c in ("budget", "prognos"))], note="Belopp i tkr.")
            r.rows = statement_rows(BR_LINES, [br["ib"], br["budget"], br["prognos"]])
            f = Table("kommunens-kassaflode", "Kassaflöde i sammandrag",
                      [Column("tkr", "text"), *(Column(k["kolumner"][c]) for c in ("budget", "prognos"))],
                      note="Belopp i tkr. " + SIGN_NOTE)
            f.rows = statement_rows(KF_LINES, [kf["budget"], kf["prognos"]])
            blocks += [r, f]
        g = k["god_ekonomisk_hushallning"]
        text = (f"{g['finansiella_mal_uppfyllda']} av {g['finansiella_mal']} finansiella mål uppfylls "
                f"(krav: {g['finansiella_mal_krav']}). ")
        if g["andel_verksamhetsmal"] is None:
            text += "Verksamhetsmålen bedöms inte i denna rapport. "
        else:
            text += (f"{g['verksamhetsmal_uppfyllda']} av {g['verksamhetsmal']} verksamhetsmål "
                     f"({round(g['andel_verksamhetsmal'])} %) {'är uppfyllda' if self.helar else 'bedöms uppfyllas'} "
                     f"(krav: minst {g['andel_verksamhetsmal_krav']:g} %). ")
        text += f"Bedömning: god ekonomisk hushållning {GEH_TEXT[g['bedomning']]}."
        ar = rr["prognos"]["arets_resultat"]
        lead = (f"Årets resultat {'blev' if self.helar else 'beräknas bli'} {mnkr(ar).text} mnkr "
                f"({mnkr(rr['budget']['arets_resultat']).text} mnkr i budget); balanskravsresultatet "
                f"{mnkr(bk['prognos']['balanskravsresultat']).text} mnkr.")
        blocks = [Paragraph(lead), *blocks, Paragraph(text),
                  Placeholder("Kommentera kommunens resultat" + (" och prognos" if not self.helar else "")
                              + ", balanskravet och bedömningen av god ekonomisk hushållning.")]
        title = "Kommunens resultat och god ekonomisk hushållning" if self.helar else \
            "Kommunens prognos och god ekonomisk hushållning"
        return Section("kommunen", title, 1, blocks)

    def mal(self) -> Section | None:
        g = self.d.get("maluppfyllelse")
        if not g:
            return None
        helar = self.helar
        t = Table("maluppfyllelse", "Måluppfyllelse",
                  [Column("Bedömning", "text"), Column("Nu"), Column("Vid årets slut" if not helar else "Helår")],
                  note=f"Antal mål (riktade mål och nämndmål), totalt {g['antal_mal']}.")
        for key, v in g["per_status"].items():
            t.rows.append(Row((Cell(BEDOMNING.get(key, label_of(key))), count(v["nu"]), count(v["arets_slut"]))))
        statuses = list(g["per_status"])
        o = Table("mal-per-malomrade", "Bedömning vid årets slut per målområde",
                  [Column("Målområde", "text"), *(Column(BEDOMNING.get(s, label_of(s))) for s in statuses)],
                  note="Antal mål.")
        for omr, v in g["per_malomrade"].items():
            o.rows.append(Row((Cell(omr), *(count(v.get(s, 0)) for s in statuses))))
        sm = Table("mal-per-strategiskt-mal", "Bedömning vid årets slut per strategiskt mål" if not helar
                   else "Måluppfyllelse per strategiskt mål",
                   [Column("Strategiskt mål", "text"), *(Column(BEDOMNING.get(s, label_of(s))) for s in statuses)],
                   note="Antal riktade mål och nämndmål som bidrar till det strategiska målet.")
        names = g.get("strategiska_mal", {})
        for key, v in g.get("per_strategiskt_mal", {}).items():
            sm.rows.append(Row((Cell(f"{key} {names.get(key, '')}".strip()), *(count(v.get(s, 0)) for s in statuses))))
        m = Table("mal-per-namnd", "Mål per nämnd",
                  [Column("Mål", "text", 1.4), Column("Slag", "text", 1.6), Column("Strategiskt mål", "status", 1.4),
                   Column("Bedömning nu", "text", 2.0), Column("Vid årets slut" if not helar else "Helår", "text", 2.0)])
        current = None
        for x in self.d.get("mal", []):
            if x["namnd"] != current:
                current = x["namnd"]
                m.rows.append(Row((Cell(self.namn(current)),), "heading"))
            m.rows.append(Row((Cell(x["mal_id"]), Cell("Riktat mål" if x["typ"] == "riktat" else "Nämndmål"),
                               Cell(x["strategiskt_mal"] or ""),
                               Cell(BEDOMNING.get(x["bedomning_nu"], x["bedomning_nu"] or "")),
                               Cell(BEDOMNING.get(x["bedomning_arets_slut"], x["bedomning_arets_slut"] or ""))),
                              indent=1))
        lead = Paragraph(f"{g['uppfyllda_vid_arets_slut']} av {g['antal_mal']} mål "
                         + ("är uppfyllda." if helar else "bedöms vara uppfyllda vid årets slut."))
        return Section("maluppfyllelse", "Måluppfyllelse", 1, [
            lead, t, o, sm, m, Placeholder("Analysera måluppfyllelsen per målområde och vad som behövs för de mål "
                                       "som inte nås.")])

    def investeringar(self) -> Section | None:
        inv = self.d.get("investeringar", [])
        if not inv:
            return None
        cols = [Column("Projekt", "text"), Column("Budget"), Column(self.utfall if not self.helar else "Utfall")]
        if not self.helar:
            cols.append(Column("Prognos"))
        cols += [Column("Avvikelse"), Column("Total\u00adutgift"), Column("Upparbetat"), Column("Genomf.grad")]
        t = Table("investeringar", "Investeringsredovisning", cols,
                  note="Utgifter i tkr (minustecken). Avvikelse = budget − " + ("utfall" if self.helar else "prognos")
                       + "; plus = lägre utgift än budget. Totalutgift = beslutad totalutgift för hela projektet; "
                       "upparbetat = tidigare år och årets utfall; genomförandegrad = "
                       + ("utfall" if self.helar else "prognos") + " i procent av årets budget.")
        current = None
        for x in inv:
            if x["namnd"] != current:
                current = x["namnd"]
                t.rows.append(Row((Cell(self.namn(current)),), "heading"))
            vals = [tkr(x["budget"], -1), tkr(x["utfall"], -1)]
            if not self.helar:
                vals.append(tkr(x["prognos"], -1))
            vals += [tkr(x["avvikelse"]), tkr(x.get("totalutgift"), -1), tkr(x.get("upparbetat"), -1),
                     pct(x.get("genomforandegrad"))]
            label = x["projekt_id"] + (f" {x['namn']}" if x.get("namn") else "")
            t.rows.append(Row((Cell(label), *vals), indent=1))
        total = {k: sum(x.get(k) or 0 for x in inv) for k in ("budget", "utfall", "prognos", "avvikelse",
                                                                "totalutgift", "upparbetat")}
        vals = [tkr(total["budget"], -1), tkr(total["utfall"], -1)]
        if not self.helar:
            vals.append(tkr(total["prognos"], -1))
        vals += [tkr(total["avvikelse"]), tkr(total["totalutgift"], -1), tkr(total["upparbetat"], -1),
                 pct(100 * total["prognos"] / total["budget"] if total["budget"] else None)]
        t.rows.append(Row((Cell("Summa, kommunen"), *vals), "total"))
        return Section("investeringar", "Investeringsredovisning", 1, [t, Placeholder(
            "Kommentera investeringarnas genomförande, avvikelser och de större projektens totalutgift.")])

    def intern_kontroll(self) -> Section | None:
        ik = self.d.get("intern_kontroll", [])
        if not ik:
            return None
        statuses = [s for s in KONTROLLSTATUS if any(k["status"] == s for k in ik)]
        statuses += sorted({k["status"] for k in ik} - set(statuses))
        t = Table("intern-kontroll", "Intern kontroll per nämnd",
                  [Column("Nämnd", "text"), *(Column(KONTROLLSTATUS.get(s, label_of(s))) for s in statuses)],
                  note="Antal kontroller i nämndernas interna kontrollplaner, per status.")
        per: dict[str, dict[str, int]] = {}
        for k in ik:
            per.setdefault(k["namnd"], dict.fromkeys(statuses, 0))[k["status"]] += 1
        for nid, v in per.items():
            t.rows.append(Row((Cell(self.namn(nid)), *(count(v[s]) for s in statuses))))
        t.rows.append(Row((Cell("Summa"), *(count(sum(v[s] for v in per.values())) for s in statuses)), "total"))
        blocks: list[Any] = [t]
        brister = [k for k in ik if k.get("brist")]
        if brister:
            b = Table("intern-kontroll-brister", "Brister och åtgärder",
                      [Column("Kontroll", "text", 1.3), Column("Resultat", "text", 3.5), Column("Åtgärd", "text", 3.5)],
                      note="Kontroller som visade en brist, per nämnd, med nämndens åtgärd.")
            current = None
            for k in brister:
                if k["namnd"] != current:
                    current = k["namnd"]
                    b.rows.append(Row((Cell(self.namn(current)),), "heading"))
                b.rows.append(Row((Cell(k["kontroll_id"]), Cell(k.get("resultat") or ""), Cell(k.get("atgard") or "")),
                                  indent=1))
            blocks.append(b)
        else:
            blocks.append(Paragraph("Ingen kontroll visade en brist."))
        return Section("intern-kontroll", "Intern kontroll", 1, blocks)

    def hallbara(self) -> Section | None:
        """The kommun's strategi (malkedja.yaml strategi): how the work with each insatsområde went, per nämnd (the verksamhetsberättelse)."""
        rows = [x for x in self.d.get("insatser", []) if x.get("berors")]
        if not self.d.get("insatser"):
            return None
        omraden = list(dict.fromkeys(x["insatsomrade"] for x in self.d["insatser"]))
        t = Table("hallbara-mora", "Insatsområdena och nämnderna",
                  [Column("Insatsområde", "text", 3.0), Column("Nämnder"), Column("Nämnder som arbetar med det", "text", 5.0)],
                  note="Antal nämnder som redovisar arbete inom insatsområdet.")
        blocks: list[Any] = [t]
        for omr in omraden:
            mine = [x for x in rows if x["insatsomrade"] == omr]
            t.rows.append(Row((Cell(omr), count(len(mine)), Cell(", ".join(self.namn(x["namnd"]) for x in mine)))))
        for omr in omraden:
            mine = [x for x in rows if x["insatsomrade"] == omr]
            if mine:
                d = Table(f"hallbara-{len(blocks)}", omr, [Column("Nämnd", "text", 2.0),
                          Column("Så fortlöper arbetet", "text", 6.0)])
                d.rows = [Row((Cell(self.namn(x["namnd"])), Cell(x.get("beskrivning") or ""))) for x in mine]
                blocks.append(d)
        strategi = self.d.get("strategi") or "kommunens strategi"
        blocks.append(Placeholder(f"Sammanfatta hur arbetet med insatsområdena i {strategi} fortlöper i kommunen."))
        return Section("hallbara-mora", strategi, 1, blocks)



    def kontrollsummor(self) -> Section:
        ks = self.d.get("kontrollsummor", [])
        bad = [k for k in ks if not k["stammer"]]
        blocks: list[Any] = [Paragraph(f"{count(len(ks) - len(bad)).text} av {count(len(ks)).text} kontrollsummor "
                                       "stämmer (nämndernas rapporter mot sammanställningen och budgeten).")]
        if bad:
            t = Table("kontrollsummor", "Kontrollsummor som inte stämmer",
                      [Column("Kontroll", "text"), Column("Nämnd", "text"), Column("Fil", "text"),
                       Column("I underlaget"), Column("I rapporten"), Column("Stämmer", "status")])
            for k in bad:
                t.rows.append(Row((Cell(k["kontroll"]), Cell(self.namn(k["namnd"]) if k["namnd"] else "Kommunen"),
                                   Cell(shown_path(k["fil"] or "")), tkr(k["i_underlag"]), tkr(k["i_rapport"]),
                                   yes_no(k["stammer"]))))
            blocks.append(t)
        return Section("kontrollsummor", "Bilaga: Kontrollsummor", 1, blocks)

    def build(self) -> Dokument:
        d = self.d
        title = d["rubrik"]
        intro: list[Any] = [
            Placeholder("Kommunstyrelsens ordförande har ordet."),
            Paragraph(f"{title} sammanställer nämndernas rapporter om ekonomi"
                      + (", verksamhet och måluppfyllelse." if d.get("maluppfyllelse") else " och verksamhet.")),
            Paragraph("Läsanvisning: sammanfattningar i miljoner kronor (mnkr) med en decimal, tabeller i tusental "
                      "kronor (tkr). " + SIGN_NOTE),
            Placeholder("Väsentliga händelser under perioden."),
        ]
        sections = [Section("inledning", "Inledning", 1, intro), self.sammandrag(), self.kommunen(), self.drift(),
                    self.mal(), self.hallbara(),
                    self.investeringar(), self.intern_kontroll(), self.kontrollsummor()]
        status = ("Förslag till kommunfullmäktige" if self.helar
                  else "Till kommunstyrelsen och kommunfullmäktige")
        return Dokument(f"uppfoljning-{d['period']}", title, f"{d['kommun']} {self.year}", d["kommun"],
                        d.get("exempeldata"), status, [s for s in sections if s is not None])


def uppfoljning_dokument(data: dict[str, Any]) -> Dokument:
    """The delårsrapport or årsredovisning document from the follow-up's JSON (`uppfoljning_json.to_dict`)."""
    return _Builder(data).build()
