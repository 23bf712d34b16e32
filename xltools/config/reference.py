"""docs/konfiguration.md: every key of the configuration, generated from the models (xltools.config.models).

For each YAML file: every key path, its type, whether it is required (or its default), the
constraints pydantic applies, its unit and an example value taken from the example configuration
in config/. A test keeps the committed file equal to render_reference() (`xltools config referens`).
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from xltools.config.models import MISSING, OPTIONAL_PARTS, PARTS, Factory, Model, _Constraint

# Units by key name (the last part of the path); amounts per year are in tkr unless listed.
_UNITS = {
    "skattesats": "procent (kr per 100 kr)", "internranta": "procent", "po_palagg": "procent av lönesumman",
    "rantesats": "procent", "avskrivningstid": "år", "minst": "procent", "manad": "månad 1–12", "dag": "dag 1–31",
    "invanare": "antal invånare", "ar": "år", "budgetar": "år", "planar": "år", "uppfoljningsar": "år",
    "ar_relativt_budgetar": "år räknat från budgetåret", "version": "", "periodisering": "vikter per månad",
}
_TKR = ("skatteintakter", "generella_statsbidrag_och_utjamning", "ramar", "befintliga_avskrivningar",
        "nyupplaning", "amortering", "investeringsram", "intakter", "kostnader", "finansiella_intakter",
        "avsattningar_forandring", "kassa_och_bank", "eget_kapital", "avsattningar_for_pensioner",
        "andra_avsattningar", "langfristiga_skulder", "kortfristiga_skulder", "immateriella_anlaggningstillgangar",
        "mark_byggnader_och_tekniska_anlaggningar", "maskiner_och_inventarier",
        "finansiella_anlaggningstillgangar", "forrad_och_exploatering", "fordringar", "kortfristiga_placeringar",
        "totalutgift", "upparbetat", "ib", "budget", "nettokostnad", "resultat", "avskrivningar",
        "befintliga_avskrivningar_per_slag", "bidrag_till_statlig_infrastruktur", "forrad", "exploateringsfastigheter",
        "gjorda", "ianspraktagna", "okning", "minskning", "utlaning", "inkomst", "bokfort_varde", "inbetalningar",
        "upplosning", "utbetalningar")
_BOUND = {"ge": "≥ {}", "gt": "> {}", "le": "≤ {}", "lt": "< {}", "min_length": "minst {} st",
          "max_length": "högst {} st"}
_HEAD = """# Konfigurationen: alla nycklar

*Genererad från modellerna i `xltools/config/models.py` med `xltools config referens > docs/konfiguration.md`;
ändra inte för hand (ett test håller filen aktuell). Exemplen är hämtade ur `config/` (syntetiska
exempeldata).*

Konfigurationen är en mapp med YAML-filer, en del per fil. `xltools config check` läser och
kontrollerar dem: okända nycklar (stavfel) är fel, liksom fel typ, värden utanför gränserna, år som
saknas i en årstabell för planperioden, negativa belopp där beloppet inte kan vara negativt
(avskrivningar, lån, ramar) och skatteintäkter som inte är större än 0, dokument i årshjulet som
xltools inte känner till och id som inte har formen `a–z`, `0–9`, `_` (börjar med en bokstav,
inga å, ä, ö). Belopp anges i tusental kronor (tkr) om inget annat står.

Skrivsätt i tabellerna: `a.b` är nyckeln `b` i tabellen `a`; `a[]` är varje element i listan `a`;
`<år>` är ett årtal som nyckel (`2027: 1000`), `<id>` ett id som nyckel (t.ex. en nämnds id).
"""


def _type(tp: Any) -> str:
    """A type in Swedish words."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _type(typing.get_args(tp)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return " eller ".join(_type(a) for a in args)
    if origin is list:
        return f"lista av {_type(typing.get_args(tp)[0])}"
    if origin is dict:
        k, v = typing.get_args(tp)
        return f"tabell {'år' if k is int else 'text'} → {_type(v)}"
    if isinstance(tp, type) and issubclass(tp, Model):
        return "tabell"
    if isinstance(tp, type) and hasattr(tp, "__members__"):
        return "ett av: " + ", ".join(f"`{m.value}`" for m in tp)  # type: ignore[attr-defined]
    return {int: "heltal", float: "tal", str: "text", bool: "true/false"}.get(tp, getattr(tp, "__name__", str(tp)))


def _limits(tp: Any) -> str:
    if typing.get_origin(tp) is not typing.Annotated:
        return ""
    out = []
    for c in tp.__metadata__:
        if isinstance(c, _Constraint) and c.key in _BOUND:
            out.append(_BOUND[c.key].format(c.value))
        elif isinstance(c, _Constraint) and c.key == "pattern":
            out.append(f"form `{c.value}`".replace("|", "\\|"))
    return ", ".join(out)


def _inner(tp: Any) -> tuple[Any, str]:
    """The record or element type behind a list or table, with the path suffix it adds."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _inner(args[0]) if len(args) == 1 else (None, "")
    if origin is list:
        inner, suffix = _inner(typing.get_args(tp)[0])
        return inner, "[]" + suffix
    if origin is dict:
        k, v = typing.get_args(tp)
        inner, suffix = _inner(v)
        return inner, (".<år>" if k is int else ".<id>") + suffix
    if isinstance(tp, type) and issubclass(tp, Model):
        return tp, ""
    return None, ""


def _example(data: Any, path: list[str]) -> Any:
    """The value at a key path in the example YAML (the first element of a list, the first key of a table)."""
    for part in path:
        while isinstance(data, list):
            data = data[0] if data else None
        if part in ("<år>", "<id>"):
            data = next(iter(data.values()), None) if isinstance(data, dict) and data else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    if isinstance(data, list) and data and not isinstance(data[0], dict | list):
        return data[:3]
    return data


def _show(value: Any) -> str:
    if isinstance(value, dict) and value and not isinstance(next(iter(value.values())), dict | list):
        k, v = next(iter(value.items()))
        value = f"{k}: {v}"
    if value is None or isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return ""
    text = str(value).replace("|", "\\|").replace("\n", " ")
    if len(text) > 60:
        text = text[:57] + "…"
    return f"`{text}`"


def _rows(cls: type[Model], prefix: str, data: Any, path: list[str]) -> list[str]:
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for name, default in cls.FIELDS:
        tp = hints[name]
        key = f"{prefix}{name}"
        if default is MISSING:
            need = "krävs"
        elif isinstance(default, Factory):
            need = "valfri (tom)"
        else:
            need = f"valfri (standard `{default}`)" if default is not None else "valfri"
        unit = "vikt" if prefix.startswith("periodisering") else _UNITS.get(name, "tkr" if name in _TKR else "")
        inner, suffix = _inner(tp)
        example = "" if inner is not None and not suffix.endswith(("<år>", "<id>")) else _show(_example(data, [*path, name]))
        limits = _limits(tp)
        out.append(f"| `{key}` | {_type(tp)} | {need} | {limits} | {unit} | {example} |")
        if inner is not None:
            steps = [p for p in suffix.replace("[]", ".[]").split(".") if p and p != "[]"]
            out += _rows(inner, f"{key}{suffix}.", data, [*path, name, *steps])
    return out


def render_reference(example: str | Path | None = None) -> str:
    """The reference as Markdown, with examples from the example configuration (config/ beside the package)."""
    import yaml

    folder = Path(example) if example else Path(__file__).resolve().parents[2] / "config"
    parts = [_HEAD]
    for name, model in {**PARTS, **OPTIONAL_PARTS}.items():
        path = folder / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        optional = " (valfri fil)" if name in OPTIONAL_PARTS else ""
        parts.append(f"\n## {name}.yaml{optional}\n")
        if not (isinstance(model, type) and issubclass(model, Model)):
            parts.append("Läses som den är skriven och kontrolleras mot resten av konfigurationen av "
                         "`xltools.utfall.konfig`; se docs/uppfoljning.md.\n")
            continue
        parts.append("| Nyckel | Typ | Krävs | Gränser | Enhet | Exempel |\n|---|---|---|---|---|---|")
        parts += _rows(model, "", data, [])
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"
