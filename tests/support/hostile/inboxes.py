"""Folders of submissions made from the project's examples, for the commands that read a folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from support.hostile.model import Context

PLAN = 2027  # the example config's budgetår (the planning examples' year)
FOLLOW = 2026  # its uppföljningsår


def plan_name(doc: str, namnd: str) -> str:
    return f"{doc}-{namnd}-{PLAN}.xlsx"


def follow_name(doc: str, namnd: str, period: str) -> str:
    return f"{doc}-{namnd}-{FOLLOW}-{period}.xlsx"


def _mirror(files: list[Path], inbox: Path) -> Path:
    """The files in `inbox` as hard links (cheap; xltools never writes its inputs), copies where links fail."""
    inbox.mkdir(parents=True)
    for p in files:
        try:
            os.link(p, inbox / p.name)
        except OSError:
            shutil.copyfile(p, inbox / p.name)
    return inbox


def own_copy(path: Path) -> Path:
    """Make `path` a file of its own (not a link shared with the examples) before it is edited."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)
    return path


def planering_inbox(d: Path, ctx: Context, name: str = "inkorg") -> Path:
    """Every planning example of every nämnd in d/<name> (hard links: edit only through plan_file's copy)."""
    return _mirror(sorted(ctx.planering.glob("*.xlsx")), d / name)


def followup_inbox(d: Path, ctx: Context, period: str, name: str = "inkorg") -> Path:
    """Every nämnd's example follow-up for one period in d/<name> (hard links)."""
    return _mirror(sorted(ctx.uppfoljning.glob(f"*-{period}.xlsx")), d / name)


def namnd_inbox(d: Path, ctx: Context, namnd: str = "kfn", name: str = "inkorg") -> Path:
    """One nämnd's planning documents in d/<name> (hard links)."""
    return _mirror(sorted(ctx.planering.glob(f"*-{namnd}-*.xlsx")), d / name)


def plan_file(d: Path, ctx: Context, doc: str, namnd: str = "kfn", small: bool = False) -> tuple[Path, Path]:
    """(inbox of every planning example, or of the nämnd's only when `small`; its copy of one document to edit)."""
    inbox = namnd_inbox(d, ctx, namnd) if small else planering_inbox(d, ctx)
    return inbox, own_copy(inbox / plan_name(doc, namnd))


def follow_file(d: Path, ctx: Context, doc: str, period: str, namnd: str = "kfn") -> tuple[Path, Path]:
    inbox = followup_inbox(d, ctx, period)
    return inbox, own_copy(inbox / follow_name(doc, namnd, period))
