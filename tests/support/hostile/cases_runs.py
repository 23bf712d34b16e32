"""Cases on whole runs: outputs that must be all or nothing, a cache that must not run code, and config
mistakes that must not pass silently.

Issue 12, part 3: each output folder holds the previous complete set or the new complete set, never a
mix; stale files never stand beside new ones; an output that could not be written gives a Swedish
message and a non-zero exit. Part 4: a cache folder others can write to, or that the user does not
own, is refused with a varning; entries cannot run code. Part 7: a strict config check.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from pathlib import Path

from support.hostile.checks import cache_unused, printed
from support.hostile.inboxes import followup_inbox, namnd_inbox, planering_inbox
from support.hostile.model import Built, Case, Context, Expect, Want

KIB = 1024


def _kfn_inbox(d: Path, ctx: Context) -> Path:
    return namnd_inbox(d, ctx, "kfn")


# ---------------------------------------------------------------- outputs
def _full_disk_annotate(d: Path, ctx: Context) -> Built:
    """A disk that fills up while the annotated copies are written (files over 16 KB cannot be written)."""
    inbox = _kfn_inbox(d, ctx)
    return Built(inbox, inbox, previous={"annotate": ()}, limits={"RLIMIT_FSIZE": 16 * KIB})


def _full_disk_kommunplan(d: Path, ctx: Context) -> Built:
    inbox = planering_inbox(d, ctx)
    return Built(inbox, inbox, previous={"kommunplan": ()}, limits={"RLIMIT_FSIZE": 100 * KIB})


def _full_disk_rapport(d: Path, ctx: Context) -> Built:
    inbox = followup_inbox(d, ctx, "2026-08")
    return Built(inbox, inbox, period="2026-08", previous={"rapport": ()}, limits={"RLIMIT_FSIZE": 50 * KIB})


def _stale_bilagor(d: Path, ctx: Context) -> Built:
    """A full run's bilagor, then a run for one nämnd (--namnd kfn) into the same folder."""
    inbox = planering_inbox(d, ctx)
    return Built(inbox, inbox, previous={"kommunplan": ()}, argv_extra={"kommunplan": ("--namnd", "kfn")})


def _out_is_file(d: Path, ctx: Context) -> Built:
    inbox = planering_inbox(d, ctx)
    out = d / "ut-kommunplan"
    out.write_text("en fil där utmappen skulle vara", encoding="utf-8")
    return Built(out, inbox)


def _hostile_among_many(d: Path, ctx: Context) -> Built:
    """A folder where one file is a FIFO: --annotate still writes every other copy."""
    inbox = _kfn_inbox(d, ctx)
    f = inbox / "namndplan-sn-2027.xlsx"
    os.mkfifo(f)
    return Built(f, inbox)


# ---------------------------------------------------------------- cache
def _shared_cache(mode: int | None, owner: int | None):  # noqa: ANN202
    def build(d: Path, ctx: Context) -> Built:
        inbox = _kfn_inbox(d, ctx)
        cache = d / "delad-cache"
        cache.mkdir()
        if mode is not None:
            os.chmod(cache, mode)
        if owner is not None:
            os.chown(cache, owner, owner)
        return Built(cache, inbox, env={"XLTOOLS_CACHE": str(cache)})
    return build


class _Plant:
    """A cache entry that creates a file when unpickled."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):  # noqa: ANN204
        return (open, (self.marker, "w"))


MARKER = "pickle-kordes.txt"


def _planted(d: Path, ctx: Context) -> Built:
    """The cache filled by an earlier run; then every entry replaced by a pickle that writes a file."""
    inbox = _kfn_inbox(d, ctx)
    cache = d / "egen-cache"
    payload = pickle.dumps(_Plant(d / MARKER))

    def plant(case_dir: Path) -> None:
        entries = [p for p in cache.rglob("*") if p.is_file()]
        if not entries:
            raise AssertionError("den tidigare körningen skrev ingen cache att ersätta")
        for p in entries:
            p.write_bytes(payload)

    return Built(cache, inbox, env={"XLTOOLS_CACHE": str(cache)}, previous={"validate-folder": ()}, between=plant)


def _marker_absent(run, built):  # noqa: ANN001, ANN202
    marker = built.file.parent / MARKER
    return [f"a planted cache entry ran code ({marker.name} was written)"] if marker.exists() else []


# ---------------------------------------------------------------- config
def _config(file: str, edit):  # noqa: ANN001, ANN202
    """A copy of the project's config with one file edited as text."""
    def build(d: Path, ctx: Context) -> Built:
        cfg = d / "config"
        shutil.copytree(ctx.config_dir, cfg)
        path = cfg / file
        text = path.read_text(encoding="utf-8")
        new = edit(text)
        if new == text:
            raise AssertionError(f"{file}: ändringen träffade inget")
        path.write_text(new, encoding="utf-8")
        return Built(path, config=cfg)
    return build


def _drop_year(text: str) -> str:
    """Remove 2029 from the first loan's amortering (lan.lan[0].amortering)."""
    changed = re.sub(r"(amortering: \{2027: \d+, 2028: \d+), 2029: \d+\}", r"\1}", text, count=1)
    assert changed != text, "ekonomi.yaml has no amortering of the form {2027: …, 2028: …, 2029: …}"
    return changed


CONFIG = (1,)

CASES = [
    Case("utdata-full-disk-annotate", "outputs", "Disken blir full medan --annotate skriver kopiorna (filer över 16 KB).",
         _full_disk_annotate, (Expect("annotate", 1, named=False, outputs="old_or_new",
                                      checks=(printed(r"kunde inte skrivas|kan inte skrivas|full"),)),),
         "Icke-noll kod och svenskt meddelande; utmappen har förra kompletta uppsättningen eller en ny komplett."),
    Case("utdata-full-disk-kommunplan", "outputs", "Disken blir full medan kommunplan skriver (filer över 100 KB).",
         _full_disk_kommunplan, (Expect("kommunplan", 1, named=False, outputs="old_or_new"),),
         "Icke-noll kod och svenskt meddelande; utmappen har gamla eller nya kompletta uppsättningen, aldrig en blandning."),
    Case("utdata-full-disk-rapport", "outputs", "Disken blir full medan uppföljningsrapporten skrivs (filer över 50 KB).",
         _full_disk_rapport, (Expect("rapport", 1, named=False, outputs="old_or_new"),),
         "Icke-noll kod och svenskt meddelande; utmappen har gamla eller nya kompletta uppsättningen."),
    Case("utdata-inaktuella-bilagor", "outputs",
         "Kommunplan för alla nämnder, sedan --namnd kfn till samma utmapp: de gamla bilagorna står kvar.",
         _stale_bilagor, (Expect("kommunplan", 0, named=False, outputs="complete"),),
         "Inaktuella filer står aldrig bredvid nya."),
    Case("utdata-utmapp-ar-en-fil", "outputs", "Utmappen för kommunplan är en vanlig fil.",
         _out_is_file, (Expect("kommunplan", (1, 2), named=False, checks=(printed(r"ut-kommunplan"),)),),
         "Svenskt meddelande och kod 1, ingen traceback."),
    Case("utdata-fifo-bland-andra", "outputs", "En FIFO bland nämndens arbetsböcker vid --annotate.",
         _hostile_among_many, (Expect("annotate", 2, Want(rule=r"FIL-\d+"), outputs="complete", seconds=15),),
         "FIFO:n rapporteras, alla andra kopior skrivs, ingen väntan."),
    # cache
    Case("cache-skrivbar-for-alla", "cache", "XLTOOLS_CACHE pekar på en mapp som alla kan skriva i (0777).",
         _shared_cache(0o777, None), (Expect("validate-folder", 0, named=False, checks=(cache_unused(),)),),
         "Cachen vägras med en varning och körningen görs utan cache."),
    Case("cache-annan-agare", "cache", "XLTOOLS_CACHE pekar på en mapp som ägs av en annan användare.",
         _shared_cache(0o755, 65534), (Expect("validate-folder", 0, named=False, checks=(cache_unused(),)),),
         "Cachen vägras med en varning och körningen görs utan cache."),
    Case("cache-planterad-pickle", "cache", "Cachens poster ersatta med en pickle som skriver en fil när den läses.",
         _planted, (Expect("validate-folder", 0, named=False, checks=(_marker_absent,)),),
         "Cachen kan inte köra kod: posterna är data eller autentiserade."),
    # config
    Case("konfig-negativa-avskrivningar", "config", "befintliga_avskrivningar 2027 är -45000 i ekonomi.yaml.",
         _config("ekonomi.yaml", lambda t: t.replace("  2027: 45000", "  2027: -45000", 1)),
         (Expect("config", CONFIG, Want(text=r"avskrivning")),), "config check: fel med fil och nyckel."),
    Case("konfig-felstavat-dokument", "config", "Årshjulet nämner dokumentet 'taxxor' (felstavat).",
         _config("arshjul.yaml", lambda t: t.replace("dokument: taxor", "dokument: taxxor", 1)),
         (Expect("config", CONFIG, Want(text=r"taxxor")),), "config check: okänt dokument är fel, med fil."),
    Case("konfig-ar-saknas-amortering", "config", "Amorteringen saknar år 2029 i ekonomi.yaml.",
         _config("ekonomi.yaml", _drop_year), (Expect("config", CONFIG, Want(text=r"2029")),),
         "config check: år som saknas för planperioden är fel (räknas inte tyst som 0)."),
    Case("konfig-id-med-a-ring", "config", "En nämnd har id 'kfnå' i organisation.yaml.",
         _config("organisation.yaml", lambda t: t.replace("- id: kfn\n", "- id: kfnå\n", 1)),
         (Expect("config", CONFIG, Want(text=r"a[–-]z|små bokstäver|tillåtna tecken")),),
         "config check: meddelandet säger vilken form ett id ska ha."),
    Case("konfig-negativa-skatteintakter", "config", "skatteintakter 2028 är negativa i ekonomi.yaml.",
         _config("ekonomi.yaml", lambda t: t.replace("  2028: 1206000", "  2028: -1206000", 1)),
         (Expect("config", CONFIG, Want(text=r"skatteint")),), "config check: tecken och rimlighet kontrolleras."),
    Case("konfig-yaml-syntax", "config", "kommun.yaml har en oavslutad hakparentes.",
         _config("kommun.yaml", lambda t: t + "\ntrasig: [1, 2\n"), (Expect("config", CONFIG, Want(text=r"rad \d+")),),
         "config check: fel med fil och rad."),
]

