"""The xlwings Lite parts of a workbook: written into a package after openpyxl, and read back.

xlwings Lite (the Office add-in WA200008175) keeps a workbook's code as Office.js document
settings in ``xl/webextensions/webextension1.xml``: one ``<we:property>`` per setting, its value
a JSON value (``/`` written ``\\/`` as Lite does), attribute-escaped. The task pane that shows the
add-in is ``xl/webextensions/taskpanes.xml``, reached from the package's ``_rels/.rels``. The
layout below follows workbooks saved by Lite itself (element order, namespaces, the store
reference and its alternate); see docs/excel.md for which settings are verified and which not.

openpyxl drops these parts when it saves, so they are added as the last step, at the zip level.
Everything here is a pure function of its input: the same code gives the same bytes.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from xltools.atomic import atomic_file
from xltools.errors import XltoolsError

STORE_ID = "WA200008175"  # xlwings Lite in Microsoft's add-in store (AppSource)
STORE_MARKET = "sv-SE"
# The Pyodide the check is tested on (tests/pyodide/package.json pins the same; a test ties them).
PYODIDE_VERSION = "314.0.8"
ADDIN_VERSION = "1.0.0.103"  # the Lite release the settings below were written for (docs/excel.md)
# Workbook settings of Lite: start with the task pane, in App Mode (one button per script).
WORKBOOK_SETTINGS: Mapping[str, Any] = {"startupBehavior": "taskpane", "appMode": True}

TASKPANES = "xl/webextensions/taskpanes.xml"
TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
WEBEXTENSION = "xl/webextensions/webextension1.xml"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_ID_NAMESPACE = uuid.UUID("6f0b1a52-4c1e-5d0e-9a57-786c746f6f6c")  # xltools' own namespace for uuid5
_REL_ID = re.compile(r'\bId="rId(\d+)"')


@dataclass(frozen=True)
class LiteCode:
    """What Lite stores in a workbook: the code, its requirements and Lite's own settings."""

    main_py: str
    requirements: str
    workbook_id: str  # a UUID: Lite's id of the workbook
    pyodide_version: str = PYODIDE_VERSION
    addin_version: str = ADDIN_VERSION
    settings: Mapping[str, Any] = field(default_factory=lambda: dict(WORKBOOK_SETTINGS))

    def properties(self) -> list[tuple[str, Any]]:
        """The document settings in the order they are written."""
        return [
            ("main.py", self.main_py),
            ("requirements.txt", self.requirements),
            ("pyodideVersion", self.pyodide_version),
            ("addinVersion", self.addin_version),
            ("xlwingsWorkbookId", self.workbook_id),
            ("xlwingsSettingsWorkbook", dict(self.settings)),
            ("Office.AutoShowTaskpaneWithDocument", True),  # Office's own: open the pane with the file
        ]


def workbook_id(name: str) -> str:
    """A UUID derived from `name` (e.g. kommun, document, nämnd, year): the same name, the same id."""
    return str(uuid.uuid5(_ID_NAMESPACE, name))


def json_value(value: Any) -> str:
    """A setting's value as Lite writes it: JSON, non-ASCII kept, '/' escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def webextension_xml(code: LiteCode) -> bytes:
    """webextension1.xml: the store reference of xlwings Lite and the workbook's settings."""
    ext_id = "{" + str(uuid.uuid5(_ID_NAMESPACE, "webextension:" + code.workbook_id)).upper() + "}"
    props = "".join(f'<we:property name="{_attr(name)}" value="{_attr(json_value(value))}"/>'
                    for name, value in code.properties())
    xml = (
        f'{_DECL}<we:webextension xmlns:we="{NS_WE}" id="{ext_id}">'
        f'<we:reference id="{STORE_ID.lower()}" version="1.0.0.0" store="{STORE_MARKET}" storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{STORE_ID}" version="1.0.0.0" store="{STORE_ID}" '
        'storeType="OMEX"/></we:alternateReferences>'
        f"<we:properties>{props}</we:properties><we:bindings/>"
        f'<we:snapshot xmlns:r="{NS_R}"/></we:webextension>'
    )
    return xml.encode("utf-8")


def taskpanes_xml() -> bytes:
    """taskpanes.xml: one task pane on the right, shown when the workbook opens."""
    xml = (
        f'{_DECL}<wetp:taskpanes xmlns:wetp="{NS_WETP}">'
        '<wetp:taskpane dockstate="right" visibility="1" width="350" row="0">'
        f'<wetp:webextensionref xmlns:r="{NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
    )
    return xml.encode("utf-8")


def taskpanes_rels() -> bytes:
    xml = (
        f'{_DECL}<Relationships xmlns="{NS_PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{REL_WEBEXTENSION}" Target="webextension1.xml"/></Relationships>'
    )
    return xml.encode("utf-8")


def add_parts(parts: dict[str, bytes], code: LiteCode) -> None:
    """Add the Lite parts to a package's parts (name -> bytes), in place; the new parts go last."""
    if any(name.startswith("xl/webextensions/") for name in parts):
        raise XltoolsError("Arbetsboken har redan tilläggsdelar (xl/webextensions); Lite-delarna skrivs bara i nya mallar.")
    for required in (CONTENT_TYPES, PACKAGE_RELS):
        if required not in parts:
            raise XltoolsError(f"Arbetsboken saknar delen {required}; Lite-delarna kan inte läggas till.")
    types = parts[CONTENT_TYPES].decode("utf-8")
    overrides = (f'<Override PartName="/{TASKPANES}" ContentType="{CT_TASKPANES}"/>'
                 f'<Override PartName="/{WEBEXTENSION}" ContentType="{CT_WEBEXTENSION}"/>')
    parts[CONTENT_TYPES] = _insert_before(types, "</Types>", overrides).encode("utf-8")
    rels = parts[PACKAGE_RELS].decode("utf-8")
    next_id = max((int(n) for n in _REL_ID.findall(rels)), default=0) + 1
    rel = f'<Relationship Type="{REL_TASKPANES}" Target="{TASKPANES}" Id="rId{next_id}"/>'
    parts[PACKAGE_RELS] = _insert_before(rels, "</Relationships>", rel).encode("utf-8")
    parts[TASKPANES] = taskpanes_xml()
    parts[TASKPANES_RELS] = taskpanes_rels()
    parts[WEBEXTENSION] = webextension_xml(code)


def _insert_before(xml: str, closing: str, text: str) -> str:
    at = xml.rfind(closing)
    if at < 0:
        raise XltoolsError(f"Oväntat innehåll i arbetsboken: {closing} saknas.")
    return xml[:at] + text + xml[at:]


def inject(path: str | Path, code: LiteCode) -> Path:
    """Add the Lite parts to the workbook file `path` (atomically; entry dates and order kept)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zin:
            infos = zin.infolist()
            parts = {i.filename: zin.read(i.filename) for i in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise XltoolsError(f"{path}: kan inte läsas som arbetsbok ({exc}).") from exc
    when = infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0)
    add_parts(parts, code)
    with atomic_file(path) as tmp:
        tmp.write_bytes(zip_bytes(parts, when))
    return path


def zip_bytes(parts: Mapping[str, bytes], when: tuple[int, int, int, int, int, int]) -> bytes:
    """A deflated zip of `parts` in their order, every entry dated `when` (reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return buf.getvalue()


# ---------------------------------------------------------------- reading
@dataclass(frozen=True)
class LiteParts:
    """The Lite parts as found in a workbook (for tests and checks of a file)."""

    store_id: str
    visible: bool
    properties: dict[str, Any]  # setting name -> decoded JSON value

    def code(self) -> LiteCode:
        p = self.properties
        return LiteCode(main_py=p["main.py"], requirements=p["requirements.txt"], workbook_id=p["xlwingsWorkbookId"],
                        pyodide_version=p["pyodideVersion"], addin_version=p["addinVersion"],
                        settings=p.get("xlwingsSettingsWorkbook", {}))


def read_parts(path: str | Path) -> LiteParts | None:
    """The Lite parts of the workbook `path`, found through its relationships; None if it has none."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        rels = ElementTree.fromstring(z.read(PACKAGE_RELS))
        panes = [r.get("Target", "").lstrip("/") for r in rels if r.get("Type") == REL_TASKPANES]
        if not panes:
            return None
        pane_part = panes[0]
        folder, _, name = pane_part.rpartition("/")
        pane = ElementTree.fromstring(z.read(pane_part))
        pane_rels = ElementTree.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in pane_rels if r.get("Type") == REL_WEBEXTENSION}
        taskpane = pane.find(f"{{{NS_WETP}}}taskpane")
        ref = taskpane.find(f"{{{NS_WETP}}}webextensionref") if taskpane is not None else None
        rid = ref.get(f"{{{NS_R}}}id") if ref is not None else None
        target = targets.get(rid)
        if taskpane is None or target is None or f"{folder}/{target}" not in names:
            raise XltoolsError(f"{path}: Lite-delarna är ofullständiga (uppgiftsfönstret pekar inte på tillägget).")
        ext = ElementTree.fromstring(z.read(f"{folder}/{target}"))
    reference = ext.find(f"{{{NS_WE}}}reference")
    props = {p.get("name", ""): json.loads(p.get("value", "null")) for p in ext.iter(f"{{{NS_WE}}}property")}
    return LiteParts(store_id=reference.get("id", "") if reference is not None else "",
                     visible=taskpane.get("visibility") == "1", properties=props)
