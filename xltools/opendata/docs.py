"""docs/oppna-data.md, generated from the table schemas (`python -m xltools.opendata.docs > docs/oppna-data.md`)."""

from __future__ import annotations

from xltools.opendata.tables import DTYPES, FOLLOWUP_SCHEMAS, SCHEMAS

INTRO = """\
# Öppna data och analytikerns API

<!-- Genererad av `python -m xltools.opendata.docs > docs/oppna-data.md`; ändra i xltools/opendata/. -->

`xltools export MAPP --config config --out UT --format csv|xlsx|parquet` sammanställer underlaget som
`xltools kommunplan` gör (samma validering, samma val av version, samma kontroller) och skriver
kommunplanens siffror som "tidy" tabeller: en rad per värde, en kolumn per variabel.

- **csv**: en fil per tabell, UTF-8 utan BOM, komma som avgränsare, punkt som decimaltecken, tomt fält
  = värde saknas, och `datapackage.json`: ett Frictionless Data Package (profil
  `tabular-data-package`) med ett Table Schema per tabell. Paketet valideras i testerna med
  biblioteket `frictionless`. En text som ett kalkylprogram skulle läsa som en formel (börjar med
  `=`, `+`, `-`, `@` eller tab) skrivs med en inledande apostrof, och styrtecken visas som `\\x1b`:
  en text ur en nämnds arbetsbok blir aldrig en formel hos den som öppnar filen.
- **xlsx**: en arbetsbok med ett blad per tabell (filter, fryst rubrikrad, utskriftsklar) och bladet
  *Om data* som beskriver varje kolumn. Bäst för den som vill öppna siffrorna i Excel.
- **parquet**: en fil per tabell och `datapackage.json`; kräver tillägget `xltools[analys]`
  (`pip install 'xltools[analys]'`, som ger pandas och pyarrow).

Utmappen skrivs helt eller inte alls; en tabell från en tidigare körning som inte längre skrivs tas
bort, andra filer i mappen lämnas kvar.

## I Jupyter och Power BI

```python
from xltools.data import kommunplan, las_export

tabeller = kommunplan("workbooks/planering", config="config")   # validera, sammanställ, som DataFrames
rr = tabeller["resultatbudget"].pivot(index="benamning", columns="ar", values="belopp_tkr")
samma = las_export("ut/")                                        # en export läst tillbaka med sina typer
```

I Power BI: *Hämta data → Python-skript* med raderna ovan; varje DataFrame på toppnivå blir en
tabell (t.ex. `resultatbudget = tabeller["resultatbudget"]`). pandas importeras bara av
`xltools.data`, aldrig av `xltools validate`, tillägget i Excel eller de andra kommandona (ett test
kontrollerar det).

Varje kolumn har en angiven pandas-typ (nullbar, så att ett saknat värde förblir saknat och aldrig
blir 0):

| Table Schema | pandas |
|---|---|
""" + "".join(f"| {k} | {v} |\n" for k, v in DTYPES.items()) + """
Belopp är tkr med högst tre decimaler (hela kronor), som i kommunplanens JSON (docs/kommunplan.md).
Uppställningarna har tecken som de presenteras (intäkter och inflöden +, kostnader och utflöden −);
fakta och driftbudgeten har intäkter och kostnader som positiva belopp, som nämnderna anger dem.
Summorna är desamma som i kommunplanens JSON (ett test jämför varje rad).

## Tabeller
"""


FOLLOWUP = """
## Uppföljningens tabeller

`xltools publicera MAPP --period ÅÅÅÅ-MM --out UT` (resultatwebbplatsen, docs/webbplats.md) skriver
uppföljningens siffror i `UT/data/` som CSV med `datapackage.json`, på samma sätt. Åtgärdernas
ansvariga och den interna kontrollen tas inte med (personuppgifter).
"""


def schema_markdown() -> str:
    """The whole of docs/oppna-data.md."""
    parts = [INTRO]
    for s in (*SCHEMAS, None, *FOLLOWUP_SCHEMAS):
        if s is None:
            parts.append(FOLLOWUP)
            continue
        parts.append(f"\n### {s.name}: {s.title}\n\n{s.description}\n\n| Kolumn | Typ | Rubrik | Beskrivning |\n|---|---|---|---|\n")
        for f in s.fields:
            req = " Krävs." if f.required else ""
            parts.append(f"| `{f.name}` | {f.type} | {f.title} | {f.description}{req} |\n")
    return "".join(parts)


if __name__ == "__main__":
    print(schema_markdown(), end="")
