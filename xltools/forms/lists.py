"""Dropdown lists: each is a list of (id, shown text) built from the config for one nämnd."""

from __future__ import annotations

from collections.abc import Callable

from xltools.config import Config, KontoKlass
from xltools.forms.status import STATUS_LIST, STATUSES

Items = list[tuple[str, str]]

FIXED: dict[str, Items] = {
    "ja_nej": [("ja", "Ja"), ("nej", "Nej")],
    "riktning": [("hogre", "Högre är bättre"), ("lagre", "Lägre är bättre")],
    "maltyp": [("riktat", "Riktat mål"), ("namndmal", "Nämndmål")],
    "maltyp_egen": [("namndmal", "Nämndmål")],  # a row the nämnd adds: riktade mål are pre-filled from KF
    "aktivitetsstatus": [
        ("ej_paborjad", "Ej påbörjad"), ("pagar", "Pågår"), ("klar", "Klar"), ("forsenad", "Försenad"),
    ],
    "upphandlingsform": [
        ("direkt", "Direktupphandling"), ("forenklat", "Förenklat förfarande"),
        ("oppet", "Öppet förfarande"), ("avrop", "Avrop från ramavtal"), ("ovrigt", "Övrigt"),
    ],
    "frekvens": [
        ("manad", "Varje månad"), ("kvartal", "Varje kvartal"), ("tertial", "Varje tertial"),
        ("halvar", "Varje halvår"), ("ar", "En gång per år"),
    ],
    "bedomning": [
        ("uppfyllt", "Uppfyllt"), ("delvis", "Delvis uppfyllt"), ("ej_uppfyllt", "Ej uppfyllt"),
        ("ej_bedomt", "Ej bedömt"),
    ],
    "kontrollstatus": [
        ("ej_utford", "Ej utförd"), ("pagar", "Pågår"), ("utford", "Utförd"),
    ],
    "lokalbehov": [("ny", "Ny lokal"), ("utokning", "Mer yta"), ("anpassning", "Anpassning"),
                   ("avveckling", "Avveckling")],
    STATUS_LIST: STATUSES,
}


def _namnder(c: Config, namnd: str) -> Items:
    return [(n.id, n.namn) for n in c.organisation.namnder]


def _strategiska_mal(c: Config, namnd: str) -> Items:
    return [(m.id, f"{m.id} – {m.text}") for m in c.malkedja.strategiska_mal]


def _riktade_mal(c: Config, namnd: str) -> Items:
    return [(m.id, f"{m.id} – {m.text}") for m in c.riktade_mal_for(namnd)]


def _konton(classes: set[KontoKlass]) -> Callable[[Config, str], Items]:
    def build(c: Config, namnd: str) -> Items:
        return [(k.kod, f"{k.kod} {k.namn}") for k in c.kontoplan.konton if k.klass in classes]

    return build


def _verksamheter(c: Config, namnd: str) -> Items:
    own = set(c.namnd(namnd).verksamheter) if namnd in c.namnd_ids else set()
    return [(v.kod, f"{v.kod} {v.namn}") for v in c.kontoplan.verksamheter if not own or v.kod in own]


def _kategorier(c: Config, namnd: str) -> Items:
    return [(k.id, k.namn) for k in c.ekonomi.investeringskategorier]


def _insatsomraden(c: Config, namnd: str) -> Items:
    return [(t, t) for t in c.malkedja.insatsomraden]


def _bolag(c: Config, namnd: str) -> Items:
    return [(b.id, b.namn) for b in c.bolag_med_plan]


BUILT: dict[str, Callable[[Config, str], Items]] = {
    "namnder": _namnder,
    "bolag": _bolag,
    "strategiska_mal": _strategiska_mal,
    "riktade_mal": _riktade_mal,
    "konton_drift": _konton({KontoKlass.INTAKT, KontoKlass.KOSTNAD}),
    "konton_alla": _konton(set(KontoKlass)),
    "konton_investering": _konton({KontoKlass.INVESTERING}),
    "konton_intakt": _konton({KontoKlass.INTAKT}),
    "konton_kostnad": _konton({KontoKlass.KOSTNAD}),
    "verksamheter": _verksamheter,
    "kategorier": _kategorier,
    "insatsomraden": _insatsomraden,
}


# A list the sheet narrows (the dropdown offers what the column accepts) read back against a wider one, so that a
# value typed past the dropdown gets the rule's own message (INV-4: a drift account) instead of "not in the list".
READ_AS: dict[str, str] = {"konton_investering": "konton_alla", "maltyp_egen": "maltyp"}


def list_items(name: str, config: Config, namnd: str) -> Items:
    """The items of a named list for a nämnd."""
    if name in FIXED:
        return FIXED[name]
    return BUILT[name](config, namnd)


def lookup(items: Items) -> dict[str, str]:
    """Shown text or id -> id (case-insensitive), for reading a chosen value back."""
    out: dict[str, str] = {}
    for ident, shown in items:
        out[shown.casefold()] = ident
        out[ident.casefold()] = ident
    return out
