"""config/models.py and config/load.py: the configuration records (frozen, equal by value, copied with
replace, carried to worker processes) and the pydantic schema derived from them when YAML is read."""

from __future__ import annotations

import pickle

import pytest

from xltools.config import Config
from xltools.config.load import _typed
from xltools.config.models import Kommun, Namnd, NamndTyp, Planering


def test_records_are_frozen_equal_by_value_and_copied_with_replace(config: Config) -> None:
    p = config.planering
    with pytest.raises(AttributeError, match="kan inte ändras"):
        p.budgetar = 2030  # type: ignore[misc]
    later = p.replace(budgetar=2030, planar=[2031, 2032])
    assert later.ar == [2030, 2031, 2032] and p.ar == [2027, 2028, 2029]
    assert later != p and later == Planering(budgetar=2030, planar=[2031, 2032], uppfoljningsar=p.uppfoljningsar,
                                             inkorg=p.inkorg, lite_paket=p.lite_paket, kf_beslut=p.kf_beslut)
    assert pickle.loads(pickle.dumps(config)) == config  # to worker processes


def test_defaults_are_fresh_and_required_keys_are_required() -> None:
    a = Namnd(id="x", namn="X", typ=NamndTyp.EGEN, forvaltning="F")
    b = Namnd(id="y", namn="Y", typ=NamndTyp.EGEN, forvaltning="F")
    assert a.verksamheter == [] and a.verksamheter is not b.verksamheter
    with pytest.raises(TypeError, match="kommunkod saknas"):
        Kommun(namn="Mora")
    with pytest.raises(TypeError, match="okända fält"):
        Kommun(namn="Mora", kommunkod="2062", kommunkood="2062")


def test_the_yaml_schema_is_derived_from_the_records() -> None:
    from pydantic import TypeAdapter, ValidationError

    schema = _typed(Kommun)
    assert schema.__required_keys__ == {"namn", "kommunkod"}
    assert {"invanare", "exempeldata"} <= schema.__optional_keys__
    with pytest.raises(ValidationError) as exc:
        TypeAdapter(schema).validate_python({"namn": "Mora", "kommunkod": "20620", "okand": 1})
    assert {(e["type"], e["loc"]) for e in exc.value.errors()} == {
        ("string_pattern_mismatch", ("kommunkod",)), ("extra_forbidden", ("okand",))}
