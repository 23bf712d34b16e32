"""consolidate/hushallning.py: the balanskravsutredning and the financial goals' values, by hand."""

from __future__ import annotations

import pytest

from xltools.config import FinansielltMalTyp
from xltools.consolidate.hushallning import balanskravsutredning, mal_uppfyllt, malvarde


def test_balanskravsutredning_deducts_gains_and_reserves() -> None:
    # 50 000 − 8 000 realisationsvinster + 3 000 orealiserade förluster = 45 000; − 20 000 till RUR + 5 000 från RUR
    b = balanskravsutredning(50000, realisationsvinster=8000, orealiserade_vardepapper=3000, rur_reservering=20000,
                             rur_disposition=5000)
    assert (b["efter_balanskravsjusteringar"], b["resultatutjamningsreserv"], b["balanskravsresultat"]) == \
        (45000, -15000, 30000)
    assert balanskravsutredning(-1)["balanskravsresultat"] == -1


def test_goal_values_in_per_cent() -> None:
    rr = {"skatteintakter": 600, "generella_statsbidrag_och_utjamning": 200, "arets_resultat": 20, "avskrivningar": -30}
    br = {"summa_tillgangar": 1000, "eget_kapital": 450}
    assert malvarde(FinansielltMalTyp.RESULTATANDEL, rr, br, 100) == pytest.approx(2.5)
    assert malvarde(FinansielltMalTyp.SJALVFINANSIERINGSGRAD, rr, br, 100) == pytest.approx(50)
    assert malvarde(FinansielltMalTyp.SOLIDITET, rr, br, 100) == pytest.approx(45)
    assert malvarde(FinansielltMalTyp.SOLIDITET, rr, None, 100) is None
    assert malvarde(FinansielltMalTyp.SJALVFINANSIERINGSGRAD, rr, br, 0) is None
    assert mal_uppfyllt(FinansielltMalTyp.SJALVFINANSIERINGSGRAD, None, 40)  # no investments: met
    assert not mal_uppfyllt(FinansielltMalTyp.SOLIDITET, None, 40)
    assert mal_uppfyllt(FinansielltMalTyp.RESULTATANDEL, 1.5, 1.5) and not mal_uppfyllt("resultatandel", 1.49, 1.5)
