"""The synthetic example data (examples/planering_data.py, examples/uppfoljning_data.py) refers only to
what the example configuration has: nämnder, their verksamheter, accounts and riktade mål."""

from __future__ import annotations

from xltools.config import Config
from xltools.examples import planering_data as pd
from xltools.examples import uppfoljning_data as ud


def test_planning_data_refers_to_the_configuration(config: Config) -> None:
    ids = set(config.namnd_ids)
    own = {n.id: set(n.verksamheter) for n in config.organisation.namnder}
    assert set(pd.LOKALBEHOV) <= ids and set(pd.TAXOR) <= ids and set(pd.INVESTERINGAR) <= ids
    for namnd, rows in pd.LOKALBEHOV.items():
        assert rows and all(r[0] in own[namnd] and r[2] in ("ny", "utokning", "anpassning", "avveckling")
                            for r in rows), namnd
    konton = {k.kod for k in config.kontoplan.konton}
    assert set(pd.KATEGORI_KONTO.values()) <= konton
    kategorier = {k.id for k in config.ekonomi.investeringskategorier}
    assert {p["kategori"] for ps in pd.INVESTERINGAR.values() for p in ps} <= kategorier
    assert {lok["hyresgast"] for lok in pd.LOKALER} <= ids


def test_followup_data_refers_to_the_configuration(config: Config) -> None:
    assert config.uppfoljning is not None
    assert set(ud.NAMNDMAL) <= set(config.namnd_ids)
    riktade = {r.id for r in config.malkedja.riktade_mal}
    assert set(ud.RIKTADE_MATT) <= riktade
    assert set(ud.DRIFT) == set(config.namnd_ids) and all(abs(d) < 0.1 for d in ud.DRIFT.values())
