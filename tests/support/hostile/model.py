"""The shape of a corpus case: what is built, which commands run, what issue 12 requires of each run.

A case is data. Its builder makes the hostile, broken or careless input in a fresh folder from
the project's own examples (`Context`); its expectations say, per command, the exit code, the
finding (rule, severity, sheet, cell, message) that must name the hostile file, and the state of
every output. Expectations are written from issue 12, not from what the code does today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The classes of issue 12 (key -> Swedish title), in the order the report lists them.
CLASSES: dict[str, str] = {
    "resources": "Läsning inom gränser (dimension, zip-bomb, många celler, djup XML)",
    "filekind": "Filtyper (FIFO, symlänk, enhet, .xlsb, .xlsm, .xls, .ods, krypterad, trasig, omdöpt, zip-trick)",
    "nonfinite": "Icke-ändliga tal (NaN, inf, 1e400) i belopp och metadata",
    "injection": "Formel- och skriptinjektion i text som når en rapport",
    "control": "Styrtecken (ANSI, NUL, bidi) i celler och filnamn",
    "longtext": "Text längre än en Excelcell rymmer (32 767 tecken)",
    "identity": "Förfalskad identitet (annan nämnd, kommun, år, period, tid)",
    "plausibility": "Orimliga och ofullständiga siffror (1e12 tkr, kronor som tkr, tom driftbudget, ofördelad ram)",
    "formulas": "Överskrivna formler och felvärden",
    "prefilled": "Borttagna förifyllda rader (KS kontrollmoment, riktat mål, budgetrad)",
    "tables": "Infogade rader och flyttad summarad",
    "dates": "Datum skrivna som svensk text",
    "metadata": "Metadata som tolkas defensivt och fynd som pekar ut metadatacellen",
    "outputs": "Allt-eller-inget i utdata (full disk, inaktuella bilagor, utmapp som inte kan skrivas)",
    "cache": "En cache som inte kan köra kod",
    "config": "Konfigurationsmisstag som inte får passera tyst",
}

# Commands a case can be run through (see runner.argv).
COMMANDS = ("validate", "validate-folder", "annotate", "kommunplan", "rapport", "config")

ANY = "*"  # a sheet or cell that must be named, whichever it is


@dataclass(frozen=True)
class Want:
    """A finding the hostile file's entry must have (validate, --format json).

    `rule` is a regular expression the rule id must match in full; `severity` "fel", "varning" or
    None (either); `sheet`/`cell` the exact place, ANY for "some sheet/cell", None for not checked;
    `text` a regular expression the message must contain, `not_text` one it must not.
    """

    rule: str = r"[A-ZÅÄÖ]+-\d+"
    severity: str | None = "fel"
    sheet: str | None = None
    cell: str | None = None
    text: str | None = None
    not_text: str | None = None


Check = Callable[["Run", "Built"], list[str]]  # extra checks of one run: the problems found


@dataclass(frozen=True)
class Expect:
    """What one command must do with the case's input.

    exit: the exit code, or the codes allowed; want: the finding on the hostile file (validate
    commands); named: the hostile file's name is printed; outputs: the state of the output folder
    after the run ("complete", "old_or_new", "absent") or None when the command writes none;
    latest: run kommunplan with --latest; seconds: the run must end within this time; text: validate
    runs again with --format text (the human report: names the file, no raw control characters);
    by default when a finding is wanted or the exit code is not 0.
    """

    command: str
    exit: int | tuple[int, ...]
    want: Want | None = None
    named: bool = True
    outputs: str | None = None
    checks: tuple[Check, ...] = ()
    latest: bool = False
    seconds: float = 30.0
    text: bool | None = None

    def __post_init__(self) -> None:
        if self.text is None:
            wants_text = self.command in ("validate", "validate-folder") and (self.want is not None or
                                                                              self.exits() != (0,))
            object.__setattr__(self, "text", wants_text)

    def exits(self) -> tuple[int, ...]:
        return self.exit if isinstance(self.exit, tuple) else (self.exit,)


@dataclass
class Built:
    """What a builder made in the case's folder.

    file: the hostile file as handed in (every message must name it); inbox: the folder of
    submissions holding it (folder commands); config: a config folder other than the project's;
    env: extra environment; period: the uppföljning period for `rapport`; previous: command ->
    extra options of an ordinary run of that command made first (so an output folder holds a
    previous complete set, or a cache is filled); between: called before the case's own runs (after
    the previous run); limits: resource limits of the case's own runs (resource name -> limit);
    argv_extra: command -> extra options of the case's own run.
    """

    file: Path
    inbox: Path | None = None
    config: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    period: str | None = None
    previous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    between: Callable[[Path], None] | None = None
    limits: dict[str, int] = field(default_factory=dict)
    argv_extra: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """The project's own examples and config, generated once per session by the CLI."""

    root: Path
    config_dir: Path
    planering: Path  # `xltools exempel --out`: every planning document of every nämnd
    uppfoljning: Path  # `xltools exempel --uppfoljning --out`: the follow-ups of the uppföljningsår

    def example(self, name: str) -> Path:
        for folder in (self.planering, self.uppfoljning):
            if (folder / name).exists():
                return folder / name
        raise FileNotFoundError(name)


Builder = Callable[[Path, Context], Built]


@dataclass(frozen=True)
class Case:
    id: str
    cls: str
    description: str  # Swedish: what the user or attacker did
    build: Builder
    expect: tuple[Expect, ...]
    requires: str  # Swedish: what issue 12 requires, in one sentence (for the characterisation)


@dataclass
class Run:
    """One command's run of a case."""

    expect: Expect
    argv: list[str]
    returncode: int | None  # None: killed by the timeout
    stdout: str
    stderr: str
    seconds: float
    out: Path | None  # the output folder (output commands)
    before: dict[str, bytes] | None  # the output folder's files before the run (old_or_new)
    started: float = 0.0  # time.time() when the run began (outputs older than this are stale)
    report: dict | None = None  # validate --format json, parsed
    text: Run | None = None  # validate: the same run with --format text
