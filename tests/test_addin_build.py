"""xltools.xlam: built from xlwings' ribbon add-in on Linux; install only explains off Windows."""

from __future__ import annotations

import hashlib
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from python_calamine import CalamineWorkbook

from xltools.addin.build import (
    ADDIN_NAME,
    DEFAULT_INTERPRETER_MAC,
    DEFAULT_INTERPRETER_WIN,
    ICON_PART,
    build_addin,
    read_addin_config,
    shipped_addin,
)
from xltools.addin.install import install_addin
from xltools.errors import XltoolsError

UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PYTHONPATH = r"C:\Program Files\xltools\lib"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"), pythonpath=PYTHONPATH)


def _read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def _config_rows(path: Path) -> dict[str, object]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("myaddin.conf").to_python()
    return {str(row[0]): (row[1] if len(row) > 1 else "") for row in rows if row and row[0]}


def test_file_name_and_zip(xlam: Path) -> None:
    assert xlam.name == ADDIN_NAME
    with zipfile.ZipFile(xlam) as zf:
        assert zf.testzip() is None
        assert zf.namelist()[0] == "[Content_Types].xml"
    assert [p.name for p in xlam.parent.iterdir()] == [ADDIN_NAME]  # no temp file left


def test_every_xml_part_parses(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as zf:
        names = [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]
        assert "customUI/_rels/customUI.xml.rels" in names
        for name in names:
            ElementTree.fromstring(zf.read(name))


def test_ribbon_is_swedish_and_keeps_the_callback(xlam: Path) -> None:
    root = ElementTree.fromstring(_read(xlam, "customUI/customUI.xml"))
    tab = root.find(f"{UI}ribbon/{UI}tabs/{UI}tab")
    assert tab is not None and tab.get("label") == "Kommunbudget"
    groups = tab.findall(f"{UI}group")
    assert [g.get("label") for g in groups] == ["Kontroll"]
    buttons = groups[0].findall(f"{UI}button")
    assert len(buttons) == 1
    button = buttons[0]
    assert button.get("label") == "Validera"
    assert button.get("size") == "large"
    assert button.get("screentip") == "Validera arbetsboken"
    assert "markeras i de celler" in (button.get("supertip") or "")
    assert button.get("onAction") == "RibbonMyAddin.RunMain"
    assert button.get("image") == "validera_png" and button.get("imageMso") is None


def _png_size(data: bytes) -> tuple[int, int]:
    """Walk the chunks (checking each CRC), inflate IDAT, return (width, height)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF
        chunks[tag] = chunks.get(tag, b"") + body
        pos += 12 + length
    assert list(chunks)[-1] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)  # 8-bit RGBA
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 4 * width)
    return width, height


def test_icon_is_a_png_referenced_by_the_ribbon(xlam: Path) -> None:
    rels = ElementTree.fromstring(_read(xlam, "customUI/_rels/customUI.xml.rels"))
    (rel,) = rels.findall(f"{RELS}Relationship")
    assert rel.get("Id") == "validera_png"
    assert rel.get("Type", "").endswith("/relationships/image")
    assert "customUI/" + (rel.get("Target") or "") == ICON_PART
    assert _png_size(_read(xlam, ICON_PART)) == (32, 32)
    types = ElementTree.fromstring(_read(xlam, "[Content_Types].xml"))
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert defaults["png"] == "image/png"


def test_no_leftovers_of_the_xlwings_template(xlam: Path) -> None:
    """The shipped file names its developer, his Windows folder and "MyAddin": only the VBA keeps the
    latter (its project and module names, the config sheet and file it reads; see docs/excel.md)."""
    with zipfile.ZipFile(shipped_addin()) as z:
        shipped = b"".join(z.read(n) for n in z.namelist() if n != "xl/vbaProject.bin")
    assert b"Felix" in shipped and b"absPath" in shipped  # what is cleaned is really there
    with zipfile.ZipFile(xlam) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/vbaProject.bin"}
    for name, data in parts.items():
        text = data.decode("utf-8", errors="replace")
        assert "Felix" not in text and "Zumstein" not in text and "absPath" not in text and "Users" not in text, name
        assert "myaddin" not in text.lower() or name in ("xl/workbook.xml", "customUI/customUI.xml"), name
    core = ElementTree.fromstring(parts["docProps/core.xml"])
    assert {e.tag.rsplit("}", 1)[1]: e.text for e in core if e.tag.endswith(("creator", "lastModifiedBy"))} == \
           {"creator": "xltools", "lastModifiedBy": "xltools"}
    ElementTree.fromstring(parts["xl/workbook.xml"])  # still well-formed


def test_vba_project_is_xlwings_own(xlam: Path) -> None:
    def sha(path: Path) -> str:
        return hashlib.sha256(_read(path, "xl/vbaProject.bin")).hexdigest()

    assert sha(xlam) == sha(shipped_addin())


def test_config_sheet(xlam: Path) -> None:
    book = CalamineWorkbook.from_path(str(xlam))
    assert book.sheet_names == ["myaddin.conf"]
    rows = _config_rows(xlam)
    assert rows["Interpreter_Win"] == DEFAULT_INTERPRETER_WIN
    assert rows["Interpreter_Mac"] == DEFAULT_INTERPRETER_MAC == "$HOME/Library/xltools/python/bin/python"
    assert rows["PYTHONPATH"] == PYTHONPATH
    assert str(rows["ADD_WORKBOOK_TO_PYTHONPATH"]).lower() == "false"
    # the VBA reads A1 downwards until the first empty A cell: every key must be in that block
    keys = list(read_addin_config(xlam))
    assert keys[:3] == ["INTERPRETER_WIN", "INTERPRETER_MAC", "PYTHONPATH"]
    assert "ADD_WORKBOOK_TO_PYTHONPATH" in keys


def test_interpreter_arguments_reach_the_sheet(tmp_path: Path) -> None:
    path = build_addin(tmp_path, r"D:\Python\python.exe", "$HOME/xltools/bin/python", "")
    config = read_addin_config(path)
    assert config["INTERPRETER_WIN"] == r"D:\Python\python.exe"
    assert config["INTERPRETER_MAC"] == "$HOME/xltools/bin/python"
    assert config["PYTHONPATH"] == ""
    assert _config_rows(path)["Interpreter_Mac"] == "$HOME/xltools/bin/python"


def test_value_with_quote_is_refused(tmp_path: Path) -> None:
    with pytest.raises(XltoolsError):
        build_addin(tmp_path, 'C:\\a "b"\\python.exe')
    assert not list(tmp_path.iterdir())


def test_unexpected_xlwings_addin_is_refused(tmp_path: Path) -> None:
    """A future xlwings with another ribbon callback must stop the build, not ship a dead button."""
    source = tmp_path / "source.xlam"
    with zipfile.ZipFile(shipped_addin()) as zin, zipfile.ZipFile(source, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "customUI/customUI.xml":
                data = data.replace(b"RibbonMyAddin.RunMain", b"Ribbon.Other")
            zout.writestr(name, data)
    with pytest.raises(XltoolsError, match="knappfunktion"):
        build_addin(tmp_path / "out", source=source)
    assert not (tmp_path / "out" / ADDIN_NAME).exists()


def test_build_is_reproducible(tmp_path: Path, xlam: Path) -> None:
    again = build_addin(tmp_path, pythonpath=PYTHONPATH)
    assert _read(again, "customUI/customUI.xml") == _read(xlam, "customUI/customUI.xml")
    assert again.read_bytes() == xlam.read_bytes()


def test_build_overwrites_existing_file(tmp_path: Path) -> None:
    (tmp_path / ADDIN_NAME).write_bytes(b"old")
    path = build_addin(tmp_path)
    assert zipfile.is_zipfile(path)


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows branch")
@pytest.mark.parametrize("platform", [None, "linux", "darwin"])
def test_install_off_windows_only_explains(
    tmp_path: Path, xlam: Path, monkeypatch: pytest.MonkeyPatch, platform: str | None
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "APPDATA": str(home / "AppData"), "USERPROFILE": str(home)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    message = install_addin(xlam, {"INTERPRETER_WIN": r"C:\py\python.exe"}, platform=platform)
    assert message.startswith("Ingenting installerades")
    assert "XLSTART" in message and '"INTERPRETER_WIN","C:\\py\\python.exe"' in message
    assert "INTERPRETER_WIN finns redan i tilläggets blad" in message  # the sheet wins
    assert not list(home.iterdir())


def test_install_on_windows_layout(tmp_path: Path, xlam: Path) -> None:
    """The Windows branch, run against fake user folders (paths are plain pathlib here)."""
    env = {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "user")}
    conf = tmp_path / "user" / ".myaddin" / "myaddin.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(b'"LICENSE_KEY","abc"\r\n"INTERPRETER_WIN","old"\r\n')
    values = {"INTERPRETER_WIN": r"C:\Program Files\Python\python.exe", "Conda Env": "budget"}
    message = install_addin(xlam, values, platform="win32", env=env)
    copied = tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME
    assert copied.read_bytes() == xlam.read_bytes()
    assert [p.name for p in copied.parent.iterdir()] == [ADDIN_NAME]
    assert conf.read_bytes().decode("cp1252").split("\r\n") == [
        '"LICENSE_KEY","abc"',
        '"INTERPRETER_WIN","C:\\Program Files\\Python\\python.exe"',
        '"CONDA ENV","budget"',
        "",  # each record ends with CRLF, as VBA's Write # ends it; no blank line follows
    ]
    assert "kopierades" in message and "INTERPRETER_WIN finns redan i tilläggets blad" in message


def test_install_refuses_a_renamed_addin(tmp_path: Path, xlam: Path) -> None:
    renamed = tmp_path / "xltools (1).xlam"
    renamed.write_bytes(xlam.read_bytes())
    env = {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "user")}
    with pytest.raises(XltoolsError, match="måste heta xltools.xlam"):
        install_addin(renamed, {}, platform="win32", env=env)
    assert not (tmp_path / "Roaming").exists()


def test_udf_server_keeps_python_running_between_clicks(tmp_path: Path, xlam: Path) -> None:
    """--udf-server turns on xlwings' "Use UDF Server" (RunPython then runs in xlwings' COM server)."""
    from click.testing import CliRunner

    from xltools.cli import cli

    assert read_addin_config(xlam)["USE UDF SERVER"].upper() == "FALSE"  # the default: a process per click
    result = CliRunner().invoke(cli, ["addin", "build", "--out", str(tmp_path), "--udf-server"])
    assert result.exit_code == 0, result.output
    config = read_addin_config(tmp_path / "xltools.xlam")
    assert config["USE UDF SERVER"] == "True"
    assert list(config) == list(read_addin_config(xlam))  # the same keys, in the block the VBA reads
