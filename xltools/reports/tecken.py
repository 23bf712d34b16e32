"""The sign convention of each kind of report table, stated once and shown under every such table in the
kommunplan workbook and the HTML bilagor (docs/kommunplan.md, "Tecken").

The statements follow LKBR: intäkter and inbetalningar +, kostnader, utgifter and utbetalningar −. The
tables of the nämnders' own figures (driftbudget, ramar, investeringar) show amounts as the nämnder enter
them, positive, and say so, so a reader never has to guess which way a number points.
"""

from __future__ import annotations

UPPSTALLNING = ("Tecken: intäkter och inbetalningar med plustecken, kostnader, utgifter och utbetalningar med "
                "minustecken (som i årsredovisningen).")
SAMMANFATTNING = ("Tecken som i resultatbudgeten: kostnader och investeringsutgifter med minustecken, ett "
                  "underskott med minustecken.")
BALANS = "Tecken: balansbudgetens poster anges som positiva belopp."
NETTOKOSTNAD = ("Tecken: intäkter, kostnader, nettokostnad och ram anges som positiva belopp, som i nämndernas "
                "driftbudgetar (nettokostnad = kostnader − intäkter). I resultatbudgeten har kostnaderna minustecken.")
UTGIFT = ("Tecken: utgifter och avskrivningar anges som positiva belopp, som i nämndernas investeringsplaner. "
          "I kassaflödesbudgeten har investeringarna minustecken.")
