"""`make demo`: the main job on the bundled example kommun (syntetiska exempeldata)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path("out")


def _run(*args: str) -> int:
    print(f"\n$ xltools {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "xltools", *args])


def demo_step(out_dir: str | Path, folder: str | Path = Path("workbooks") / "uppfoljning",
              config_dir: str = "config") -> tuple[str, ...] | None:
    """The CLI arguments that run the follow-up for the latest period in the example folder."""
    from xltools.config import load_config
    from xltools.jobs.uppfoljning import latest_period

    config, _ = load_config(config_dir)
    if config is None or not Path(folder).is_dir():
        return None
    period = latest_period(folder, config)
    if period is None:
        return None
    return ("uppfoljning", str(folder), "--period", period, "--config", config_dir, "--out", str(out_dir))


def main() -> int:
    steps = [
        ("config", "check", "--config", "config"),
        ("templates", "generate", "--config", "config", "--out", str(OUT / "mallar")),
    ]
    if Path("workbooks/planering").is_dir():
        steps += [
            ("validate", "--config", "config", "workbooks/planering"),
            ("kommunplan", "workbooks/planering", "--config", "config", "--out", str(OUT / "kommunplan"),
             "--dokument", "pdf,docx"),
        ]
    if followup := demo_step(OUT / "uppfoljning"):
        steps.append(followup)  # the follow-up for the latest period in workbooks/uppfoljning
    for step in steps:
        rc = _run(*step)
        if rc != 0:
            print(f"Demot avbröts: steget {' '.join(step)} gav kod {rc}.", file=sys.stderr)
            return rc
    print("\nKlart. Resultatet ligger i mappen out/ (syntetiska exempeldata).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
