"""`xltools addin lite-paket`: what IT puts on the intranet web server for templates that carry Validera.

xlwings Lite installs the check from requirements.txt in each template: xlwings from PyPI and
xltools' wheel from the address in planering.yaml (lite_paket). The add-in runs in the browser
engine of Excel, so the server must send the wheel over https with an Access-Control-Allow-Origin
header (CORS), or the browser refuses it. The folder holds the wheel, sample settings for nginx
and IIS that send that header, and a Swedish read-me. The wheel holds no configuration (each
template carries its own), so it is not secret and any origin may fetch it.
"""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_dir
from xltools.lite.wheel import build_wheel, wheel_name

NGINX = "nginx-xltools.conf"
IIS = "web.config"
README = "LASMIG.txt"

NGINX_TEXT = """\
# Exempel för nginx (skrivet av xltools addin lite-paket): lägg blocket i server-blocket för
# intranätets https-webbplats och mappen med xltools-hjulet i /var/www/xltools/lite/.
# xlwings Lite hämtar hjulet från tilläggets fönster i Excel; webbläsaren kräver CORS-huvudet.
location /lite/ {
    alias /var/www/xltools/lite/;
    types { application/zip whl; }
    add_header Access-Control-Allow-Origin "*" always;
    add_header Cache-Control "no-cache" always;
}
"""

IIS_TEXT = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Exempel för IIS (skrivet av xltools addin lite-paket): lägg filen i samma mapp som xltools-hjulet.
     IIS lämnar bara ut filtyper den känner till (.whl läggs till), och xlwings Lite i Excel kräver
     CORS-huvudet Access-Control-Allow-Origin. no-cache: en ny version av hjulet hämtas direkt. -->
<configuration>
  <system.webServer>
    <staticContent>
      <remove fileExtension=".whl" />
      <mimeMap fileExtension=".whl" mimeType="application/zip" />
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>
    <httpProtocol>
      <customHeaders>
        <remove name="Access-Control-Allow-Origin" />
        <add name="Access-Control-Allow-Origin" value="*" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
</configuration>
"""


def readme_text(package_url: str | None) -> str:
    wheel = wheel_name()
    where = (f"Mallarna hämtar hjulet från {package_url.rstrip('/')}/{wheel} (planering.lite_paket)."
             if package_url else
             "Ange adressen till mappen i planering.yaml (lite_paket: https://...) innan mallarna skrivs.")
    return f"""\
xltools för xlwings Lite – till IT

Mallarna från `xltools templates generate` bär sin egen kontroll (knappen Validera). Den körs i
Excel med tillägget xlwings Lite, utan att Python installeras på datorn. Tillägget hämtar då
xltools från kommunens webbserver. {where}

Gör så här:
1. Lägg {wheel} i en mapp på intranätets webbserver som nås med https av alla som fyller i mallar.
   Filnamnet får inte ändras.
2. Servern ska skicka huvudet Access-Control-Allow-Origin (CORS) för filen, annars vägrar Excel
   hämta den. Exempel: {NGINX} (nginx) och {IIS} (IIS). Hjulet innehåller ingen konfiguration
   och inget hemligt; varje mall bär bara det dess dokument behöver.
3. Prova: curl -sI <adressen till hjulet> ska visa 200 och Access-Control-Allow-Origin.
4. Tillåt tillägget xlwings Lite (WA200008175) i Microsoft 365 administrationscenter, eller låt
   användarna installera det från tilläggsbutiken (gratis enligt xlwings, även för organisationer).
5. Efter en ny version av xltools: kör `xltools addin lite-paket` igen och ersätt hjulet.

Mer: docs/excel.md (båda sätten att validera i Excel, och en checklista att gå igenom i Excel).
"""


def write_package(out_dir: str | Path, package_url: str | None = None) -> list[Path]:
    """Write the wheel, the web server samples and the read-me into `out_dir` (all or nothing)."""
    out_dir = Path(out_dir)
    names = [wheel_name(), NGINX, IIS, README]
    with atomic_dir(out_dir) as tmp:
        build_wheel(tmp)
        (tmp / NGINX).write_text(NGINX_TEXT, encoding="utf-8")
        (tmp / IIS).write_text(IIS_TEXT, encoding="utf-8")
        (tmp / README).write_text(readme_text(package_url), encoding="utf-8")
    return [out_dir / name for name in names]
