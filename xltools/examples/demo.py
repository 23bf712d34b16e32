"""`make demo`: the main job on the bundled example kommun (syntetiska exempeldata)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path("out")
# KS förslag and one party's alternativbudget on it (budgetberedningen in May).
SCENARIER = ("config/scenarier/ks-forslag.yaml", "config/scenarier/alternativ-framtidspartiet.yaml")


def _run(*args: str) -> int:
    print(f"\n$ xltools {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "xltools", *args])


def inkorg_round(config_dir: str = "config") -> int:
    """The planning round received into out/inkorg with simulated times (see xltools.examples.inkorg)."""
    from xltools.config import load_config
    from xltools.examples.inkorg import simulate_round

    config, _ = load_config(config_dir)
    if config is None:
        return 1
    print("\n# Inkorgen: exemplets underlag tas emot som under ett planeringsår (simulerade tider)", flush=True)
    lines = simulate_round(OUT / "inkorg", Path("workbooks/planering"), config, OUT / "inkorg-exempel")
    print(f"{len(lines)} inlämningar, till exempel:\n  " + "\n  ".join(lines[:3]))
    return 0


def followup_steps(out_dir: str | Path, folder: str | Path = Path("workbooks") / "uppfoljning",
                   config_dir: str = "config") -> list[tuple[str, ...]]:
    """The follow-up year in the example folder: the delårsrapport's templates pre-filled from the
    ekonomisystem's SIE export and the adopted internbudgets, the delårsrapport reconciled with the
    export, and the årsredovisning (the latest period), both as documents too."""
    from xltools.config import load_config
    from xltools.examples.ekonomisystem import FILE
    from xltools.examples.uppfoljning import underlag_dir
    from xltools.jobs.uppfoljning import latest_period

    config, _ = load_config(config_dir)
    if config is None or not Path(folder).is_dir():
        return []
    latest = latest_period(folder, config)
    if latest is None:
        return []
    out_dir, cfg = Path(out_dir), ("--config", config_dir)
    under = underlag_dir(Path(folder))
    sie = under / FILE
    utfall = ("--utfall", str(sie)) if sie.is_file() else ()
    delar = f"{config.planering.uppfoljningsar}-08"
    steps: list[tuple[str, ...]] = []
    if utfall:
        steps.append(("uppfoljning", "mallar", "--period", delar, *cfg, *utfall, "--underlag", str(under),
                      "--out", str(out_dir / f"mallar-{delar}")))
    for period in dict.fromkeys((delar, latest)):
        steps.append(("uppfoljning", str(folder), "--period", period, *cfg, *utfall, "--dokument", "pdf,docx",
                      "--out", str(out_dir / period)))
    return steps


def november_round(config_dir: str = "config") -> int:
    """KF's revision in November: Socialnämndens ram +5 000 tkr 2027 and 2028 in a copy of the configuration,
    and the reviderad kommunplan against the one adopted in June (out/kommunplan-november, Förändringar)."""
    import shutil

    revised = OUT / "config-november"
    if revised.exists():
        shutil.rmtree(revised)
    shutil.copytree(config_dir, revised)
    eko = revised / "ekonomi.yaml"
    text = eko.read_text(encoding="utf-8")
    old = "sn:   {2027: 561700, 2028: 576900, 2029: 591800}"
    if old not in text:
        print("Demots ändring av Socialnämndens ram hittades inte i ekonomi.yaml.", file=sys.stderr)
        return 1
    eko.write_text(text.replace(old, "sn:   {2027: 566700, 2028: 581900, 2029: 591800}"), encoding="utf-8")
    print("\n# November: kommunfullmäktige höjer Socialnämndens ram med 5 000 tkr 2027 och 2028", flush=True)
    return _run("kommunplan", str(OUT / "inkorg"), "--config", str(revised), "--fas", "november",
                "--out", str(OUT / "kommunplan-november"))


def main() -> int:
    steps: list[Any] = [
        ("config", "check", "--config", "config"),
        ("templates", "generate", "--config", "config", "--out", str(OUT / "mallar"),
         *(("--prognos", "workbooks/uppfoljning") if Path("workbooks/uppfoljning").is_dir() else ())),
    ]
    if Path("workbooks/planering").is_dir():
        steps += [
            ("validate", "--config", "config", "workbooks/planering"),
            ("kommunplan", "workbooks/planering", "--config", "config", "--out", str(OUT / "kommunplan"),
             "--dokument", "pdf,docx", "--kolada", "workbooks/kolada"),
            ("export", "workbooks/planering", "--config", "config", "--out", str(OUT / "oppna-data")),
            ("budgetberedning", *SCENARIER, "--underlag", "workbooks/planering", "--config", "config",
             "--out", str(OUT / "budgetberedning")),
        ]
    steps += followup_steps(OUT / "uppfoljning")  # templates from the SIE export, delårsrapport, årsredovisning
    steps.append(("publicera", "workbooks/uppfoljning", "--config", "config", "--period", "2026-08",
                  "--out", str(OUT / "webbplats"), "--kolada", "workbooks/kolada"))
    if Path("workbooks/planering").is_dir():
        from xltools.examples.inkorg import STATUS_DAY

        steps += [
            inkorg_round,
            ("status", "--config", "config", "--inkorg", str(OUT / "inkorg"), "--datum", STATUS_DAY.isoformat(),
             "--out", str(OUT / "status")),
            ("inkorg", "historik", "sn", "namndplan", "--config", "config", "--inkorg", str(OUT / "inkorg")),
            ("kommunplan", str(OUT / "inkorg"), "--config", "config", "--out", str(OUT / "kommunplan-inkorg")),
            ("kommunplan", str(OUT / "inkorg"), "--config", "config", "--fas", "juni", "--faststall", "--av",
             "Ekonomienheten", "--out", str(OUT / "kommunplan-juni")),
            november_round,
        ]
    for step in steps:
        rc = step() if callable(step) else _run(*step)
        if isinstance(step, tuple) and step[0] == "status" and rc == 1:
            continue  # the status has something missing or late: that is what it shows
        if rc != 0:
            print(f"Demot avbröts: steget {' '.join(step) if isinstance(step, tuple) else step.__name__} gav kod {rc}.",
                  file=sys.stderr)
            return rc
    print("\nKlart. Resultatet ligger i mappen out/ (syntetiska exempeldata).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
