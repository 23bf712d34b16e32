"""What a run of a corpus case must show: the problems found (an empty list when it behaves as issue 12 says).

`problems(built, run)` checks what every run must do (end in time, not be killed, no traceback, no
raw control characters on the terminal, the expected exit code, the hostile file named, the valid
file beside it still validated, the expected finding, the output folder's state) and then the
case's own checks. The factories below make those own checks (`inert`, `absent`, ...).
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

from support.hostile.model import ANY, Built, Check, Run, Want

TRACEBACK = "Traceback (most recent call last)"
RUST_PANIC = re.compile(r"panicked at|RUST_BACKTRACE|memory allocation of \d+ bytes failed")
PY_WARNING = re.compile(r"^\S+\.py:\d+: \w*Warning: .*$", re.M)  # a library's warning printed to the user
# C0 (but tab, newline, carriage return), DEL, C1, and the bidi embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUTPUT_NAMES = {
    "kommunplan": re.compile(r"(kommunplan|upphandlingsplan)-\d{4}\.(xlsx|json)|bilagor/[a-z0-9-]+\.html"),
    "rapport": re.compile(r"uppfoljning-\d{4}-\d{2}(\.xlsx|\.json|-bilaga\.html)"),
    "annotate": re.compile(r"[^/]+\.(xlsx|xlsm)"),
}
EXCEL_CELL_MAX = 32767


def shown_name(path: Path) -> str:
    """The part of a file name a message must show: up to its first control character."""
    return CONTROL.split(path.name)[0]


def _entry(report: dict | None, path: Path) -> dict | None:
    for f in (report or {}).get("files", []):
        if Path(f.get("file", "")) == path:
            return f
    return None


def _place_ok(want: str | None, got: str | None) -> bool:
    return want is None or (bool(got) if want == ANY else got == want)


def _matches(want: Want, f: dict) -> bool:
    return (re.fullmatch(want.rule, f.get("rule") or "") is not None
            and (want.severity is None or f.get("severity") == want.severity)
            and _place_ok(want.sheet, f.get("sheet")) and _place_ok(want.cell, f.get("cell"))
            and (want.text is None or re.search(want.text, f.get("message") or "", re.I) is not None))


def _describe(want: Want) -> str:
    parts = [f"rule {want.rule}", f"severity {want.severity or 'fel/varning'}"]
    parts += [f"sheet {want.sheet}"] if want.sheet else []
    parts += [f"cell {want.cell}"] if want.cell else []
    parts += [f"message ~ /{want.text}/"] if want.text else []
    return ", ".join(parts)


def _findings(entry: dict) -> str:
    return "; ".join(f"{f.get('rule')} {f.get('severity')} {f.get('sheet')}!{f.get('cell')}: {f.get('message')}"[:300]
                     for f in entry.get("findings", [])) or "no findings"


def _process(run: Run, label: str) -> list[str]:
    out: list[str] = []
    if run.returncode is None:
        return [f"{label}: did not end within {run.expect.seconds:.0f} s (killed)"]
    if run.returncode < 0:
        out.append(f"{label}: killed by signal {-run.returncode} (memory or CPU limit, or a crash)")
    if TRACEBACK in run.stdout or TRACEBACK in run.stderr:
        tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or [""]
        out.append(f"{label}: a Python traceback reached the user ({tail[0][:200]})")
    panic = RUST_PANIC.search(run.stdout + run.stderr)
    if panic:
        out.append(f"{label}: a crash report of the reader reached the user ({panic.group()})")
    warning = PY_WARNING.search(run.stderr)
    if warning:
        out.append(f"{label}: a Python warning reached the user ({warning.group()[-120:]})")
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        m = CONTROL.search(text)
        if m:
            out.append(f"{label}: raw control character U+{ord(m.group()):04X} on {stream}")
    return out


def problems(built: Built, run: Run) -> list[str]:
    e = run.expect
    label = e.command
    out = _process(run, label)
    if run.returncode is None:
        return out
    if run.returncode not in e.exits():
        last = (run.stderr.strip() or run.stdout.strip()).splitlines()[-1:] or [""]
        out.append(f"{label}: exit code {run.returncode}, expected {' or '.join(map(str, e.exits()))} ({last[0][:200]})")
    if run.text is not None:
        out += _process(run.text, f"{label} --format text")
        if run.text.returncode is not None and run.text.returncode not in e.exits():
            out.append(f"{label} --format text: exit code {run.text.returncode}, expected {e.exit}")
    out += _named(built, run)
    out += _wanted(built, run)
    out += _outputs(run)
    for check in e.checks:
        out += [f"{label}: {p}" for p in check(run, built)]
    return out


def _named(built: Built, run: Run) -> list[str]:
    e = run.expect
    if not e.named:
        return []
    name = shown_name(built.file)
    printed = run.text.stdout if run.text is not None else run.stdout + run.stderr
    if run.report is not None and e.command != "annotate" and _entry(run.report, built.file) is None:
        return [f"{e.command}: {built.file.name!r} is not in the JSON report"]
    if run.text is not None or e.command in ("kommunplan", "rapport", "config"):
        if name not in printed:
            return [f"{e.command}: the message does not name the file {name!r}"]
    return []


def _wanted(built: Built, run: Run) -> list[str]:
    e = run.expect
    out: list[str] = []
    if e.command in ("validate", "validate-folder", "annotate") and run.report is not None:
        good = [f for f in run.report.get("files", []) if Path(f["file"]).name == "internhyror-tn-2027.xlsx"]
        if e.command == "validate" and not (good and good[0]["valid"] and not good[0]["findings"]):
            out.append("validate: the valid workbook beside the hostile one was not validated as godkänd")
    if e.want is None:
        return out
    if e.command == "config":
        text = run.stdout + run.stderr
        if e.want.text and not re.search(e.want.text, text, re.I):
            out.append(f"config: no message ~ /{e.want.text}/ ({text.strip()[-300:]})")
        return out
    if run.report is None:
        return out + [f"{e.command}: no JSON report on stdout ({(run.stderr or run.stdout).strip()[-200:]})"]
    entry = _entry(run.report, built.file)
    if entry is None:
        return out
    if not any(_matches(e.want, f) for f in entry.get("findings", [])):
        out.append(f"{e.command}: no finding with {_describe(e.want)}; got: {_findings(entry)}")
    if e.want.not_text:
        bad = [f for f in entry.get("findings", []) if re.search(e.want.not_text, f.get("message") or "", re.I)]
        if bad:
            out.append(f"{e.command}: a message says /{e.want.not_text}/: {bad[0]['message'][:200]}")
    if run.text is not None and run.text.returncode is not None:
        hits = [f for f in entry.get("findings", []) if _matches(e.want, f)]
        if hits and hits[0]["rule"] not in run.text.stdout:
            out.append(f"{e.command} --format text: rule {hits[0]['rule']} is not shown")
    return out


# ---------------------------------------------------------------- output folders
def files_of(folder: Path | None) -> dict[str, Path]:
    if folder is None or not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _broken(path: Path) -> str | None:
    """Why an output file is not a complete one of its kind, or None."""
    try:
        if path.suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" not in zf.namelist() or zf.testzip() is not None:
                    return "not a complete workbook"
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".html" and "</html>" not in path.read_text(encoding="utf-8"):
            return "HTML cut short"
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        return f"unreadable ({exc.__class__.__name__})"
    return None


def _complete(run: Run) -> list[str]:
    e = run.expect
    files = files_of(run.out)
    out: list[str] = []
    pattern = OUTPUT_NAMES[e.command]
    for name, path in files.items():
        if not pattern.fullmatch(name):
            out.append(f"{e.command}: a file that is no output of it stands in the output folder: {name}")
        elif (why := _broken(path)) is not None:
            out.append(f"{e.command}: {name} is {why}")
        elif path.stat().st_mtime < run.started - 1:
            out.append(f"{e.command}: {name} is left from an earlier run (stale) beside the new outputs")
    if e.command == "kommunplan":
        for want in (r"kommunplan-\d{4}\.xlsx", r"upphandlingsplan-\d{4}\.xlsx", r"kommunplan-\d{4}\.json", r"bilagor/index(-[a-z0-9]+)?\.html"):
            if not any(re.fullmatch(want, n) for n in files):
                out.append(f"kommunplan: the output {want} is missing")
    elif e.command == "rapport":
        for want in (r"uppfoljning-\d{4}-\d{2}\.xlsx", r"uppfoljning-\d{4}-\d{2}\.json"):
            if not any(re.fullmatch(want, n) for n in files):
                out.append(f"rapport: the output {want} is missing")
    elif e.command == "annotate" and run.report is not None:
        readable = [f for f in run.report.get("files", []) if not any(x["rule"].startswith("FIL-") for x in f["findings"])]
        if len(files) < len(readable):
            out.append(f"annotate: {len(files)} annotated copies for {len(readable)} readable workbooks")
    return out


def _outputs(run: Run) -> list[str]:
    e = run.expect
    if e.outputs is None:
        return []
    files = files_of(run.out)
    if e.outputs == "absent":
        return [f"{e.command}: outputs written although none should be: {sorted(files)[:5]}"] if files else []
    if e.outputs == "complete":
        return _complete(run)
    if e.outputs == "old_or_new":
        if run.before is not None and {n: p.read_bytes() for n, p in files.items()} == run.before:
            return []
        found = _complete(run)
        return [f"{e.command}: the output folder holds neither the previous complete set nor a new one: {p}"
                for p in found]
    raise ValueError(e.outputs)


def _xlsx_parts(path: Path) -> tuple[list[str], list[str]]:
    """(formulas, texts) of every sheet and the shared strings of a workbook, unescaped."""
    formulas, texts = [], []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml") or not name.startswith("xl/"):
                continue
            xml = zf.read(name).decode("utf-8", "replace")
            formulas += [html.unescape(f) for f in re.findall(r"<f\b[^>]*>(.*?)</f>", xml, re.S)]
            texts += [html.unescape(t) for t in re.findall(r"<t\b[^>]*>(.*?)</t>", xml, re.S)]
    return formulas, texts


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


# ---------------------------------------------------------------- the cases' own checks
def inert(payload: str, reaches: tuple[str, ...] = ("xlsx", "json", "html")) -> Check:
    """The payload reaches each named output as plain text: never a formula in xlsx, escaped in HTML."""
    core = payload.lstrip("=+-@")[:24]

    def check(run: Run, built: Built) -> list[str]:
        out: list[str] = []
        files = files_of(run.out)
        kinds = {".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json", ".html": "html"}
        seen = {k: False for k in reaches}
        for name, path in files.items():
            kind = kinds.get(path.suffix)
            if kind == "xlsx":
                formulas, texts = _xlsx_parts(path)
                live = [f for f in formulas if core in f or f in payload]
                if live:
                    out.append(f"{name}: the text became a live formula: ={live[0][:80]}")
                seen["xlsx"] = seen.get("xlsx", False) or any(payload in t for t in texts)
            elif kind == "json":
                seen["json"] = seen.get("json", False) or any(payload in s for s in
                                                              _json_strings(json.loads(path.read_text("utf-8"))))
            elif kind == "html":
                raw = path.read_text("utf-8")
                if "<" in payload and payload in raw:
                    out.append(f"{name}: the text is in the HTML unescaped (markup or script runs)")
                seen["html"] = seen.get("html", False) or payload in html.unescape(raw)
        out += [f"the text does not reach the {k} output as text" for k in reaches if not seen.get(k)]
        return out

    return check


def absent(text: str) -> Check:
    """`text` appears in no output (a forged or refused submission's content)."""

    def check(run: Run, built: Built) -> list[str]:
        out = []
        for name, path in files_of(run.out).items():
            if path.suffix in (".xlsx", ".xlsm"):
                found = any(text in t for t in _xlsx_parts(path)[1])
            else:
                found = text in html.unescape(path.read_text("utf-8", "replace"))
            if found:
                out.append(f"{name}: holds {text!r} from the refused file")
        return out

    return check


def no_macros() -> Check:
    def check(run: Run, built: Built) -> list[str]:
        out = []
        for name, path in files_of(run.out).items():
            if path.suffix in (".xlsx", ".xlsm"):
                with zipfile.ZipFile(path) as zf:
                    if any("vbaproject" in n.lower() for n in zf.namelist()):
                        out.append(f"{name}: the copy carries the macro project (vbaProject.bin)")
        return out

    return check


def whole_text(text: str, reaches: tuple[str, ...] = ("json", "html")) -> Check:
    """A text longer than a cell holds: whole in JSON/HTML, at most 32 767 characters in any xlsx cell."""

    def check(run: Run, built: Built) -> list[str]:
        out, seen = [], {k: False for k in reaches}
        for name, path in files_of(run.out).items():
            if path.suffix == ".xlsx":
                long = [t for t in _xlsx_parts(path)[1] if len(t) > EXCEL_CELL_MAX]
                if long:
                    out.append(f"{name}: a cell holds {len(long[0])} characters (Excel holds 32 767)")
                cut = [t for t in _xlsx_parts(path)[1] if t and text.startswith(t[:200]) and len(t) < len(text)]
                if cut and not any(re.search(r"(förkort|avkort|…|\.\.\.)", t[-200:], re.I) for t in cut):
                    out.append(f"{name}: the text is cut to {len(cut[0])} characters without saying so")
            elif path.suffix == ".json":
                seen["json"] = seen.get("json", False) or any(text in s for s in
                                                              _json_strings(json.loads(path.read_text("utf-8"))))
            elif path.suffix == ".html":
                seen["html"] = seen.get("html", False) or text in html.unescape(path.read_text("utf-8"))
        out += [f"the whole text does not reach the {k} output" for k in reaches if not seen.get(k)]
        return out

    return check


def clean_outputs() -> Check:
    """No raw control or bidi characters in HTML or JSON outputs, no raw C0 characters in xlsx text."""

    def check(run: Run, built: Built) -> list[str]:
        out = []
        for name, path in files_of(run.out).items():
            if path.suffix in (".html", ".json"):
                m = CONTROL.search(path.read_text("utf-8", "replace"))
                if m:
                    out.append(f"{name}: raw control character U+{ord(m.group()):04X}")
            elif path.suffix == ".xlsx":
                bad = [t for t in _xlsx_parts(path)[1] if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t)]
                if bad:
                    out.append(f"{name}: raw control character in a cell")
        return out

    return check


def printed(pattern: str, present: bool = True) -> Check:
    """stdout (and stderr) does, or does not, match `pattern`."""

    def check(run: Run, built: Built) -> list[str]:
        text = (run.text.stdout if run.text is not None else run.stdout) + run.stderr
        found = re.search(pattern, text, re.I) is not None
        if found != present:
            return [f"the output {'lacks' if present else 'has'} /{pattern}/"]
        return []

    return check


def cache_unused() -> Check:
    """The case's cache folder (its `file`) got no entries, and the run said why (a varning naming the cache)."""

    def check(run: Run, built: Built) -> list[str]:
        out = []
        entries = [p for p in built.file.rglob("*") if p.is_file()]
        if entries:
            out.append(f"the unsafe cache folder was used ({len(entries)} entries written)")
        said = run.stdout + run.stderr + (run.text.stdout + run.text.stderr if run.text else "")
        if not (re.search(r"cache", said, re.I) and built.file.name in said):
            out.append(f"no varning names the unsafe cache folder {built.file.name} and says it is not used")
        return out

    return check


def nothing_outside(names: tuple[str, ...]) -> Check:
    """No file of these names appears near the case (zip entries named ../../x or /abs/x were not extracted)."""

    def check(run: Run, built: Built) -> list[str]:
        case_dir = (built.inbox or built.file.parent).parent
        bases = [case_dir, case_dir.parent, case_dir.parent.parent] + ([run.out, run.out.parent] if run.out else [])
        return [f"{b / n} was written" for b in bases for n in names if (b / n).exists()]

    return check
