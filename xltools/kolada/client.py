"""A small HTTP client for Kolada's open API (standard library urllib): timeouts, a bounded
retry, paging by next_url, and a Swedish Problem instead of an exception for every failure.

The API (v3, https://api.kolada.se/v3) answers every query with
``{"count": n, "values": [...], "next_url": url|null, "previous_url": url|null}``
(v2 called the links next_page/previous_page; both are followed). At most 5000 items per page
(``per_page``), at most 25 ids in one path segment.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xltools import __version__
from xltools.kolada import API_URL
from xltools.kolada.model import Problem

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_IDS = 25  # Kolada v3: ids per comma-separated path segment
MAX_PER_PAGE = 5000
_HTTP_SV = {
    400: "Kolada avvisade frågan (HTTP 400: felaktiga parametrar eller för lång adress)",
    404: "Kolada känner inte till adressen (HTTP 404)",
    410: "API-versionen finns inte längre hos Kolada (HTTP 410); ange adressen till version 3",
    429: "Kolada tar just nu emot för många anrop (HTTP 429)",
}


@dataclass
class Pages:
    """Every item of a paged answer, the URLs read, and what went wrong (complete: read to the end)."""

    values: list[dict[str, Any]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = False


def _about(kpi: str | None) -> str:
    return f"Nyckeltal {kpi}: " if kpi else ""


def _http_text(code: int) -> str:
    if code in _HTTP_SV:
        return _HTTP_SV[code]
    if code >= 500:
        return f"Kolada hade ett serverfel (HTTP {code})"
    return f"Kolada svarade med HTTP {code}"


class KoladaClient:
    """GET JSON from Kolada; never raises for a network, HTTP or format problem."""

    def __init__(self, base_url: str = API_URL, *, timeout: float = 20.0, attempts: int = 3,
                 pause: float = 1.0, per_page: int = MAX_PER_PAGE, max_pages: int = 100,
                 max_bytes: int = 50_000_000, sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.pause = pause
        self.per_page = max(1, min(per_page, MAX_PER_PAGE))
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.sleep = sleep

    def url(self, *segments: str) -> str:
        """base/seg1/seg2 with every segment percent-encoded (commas kept: Kolada's id lists)."""
        return "/".join([self.base_url, *(urllib.parse.quote(s, safe=",") for s in segments)])

    def get_json(self, url: str, kpi: str | None = None) -> tuple[dict[str, Any] | None, Problem | None]:
        """One GET with up to `attempts` tries (network errors, timeouts, 429 and 5xx are retried)."""
        request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                       "User-Agent": f"xltools/{__version__}"})
        problem: Problem | None = None
        for attempt in range(1, self.attempts + 1):
            wait = self.pause * 2 ** (attempt - 1)
            tries = f"{attempt} försök" if attempt > 1 else "1 försök"
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310 (http/https only)
                    body = resp.read(self.max_bytes + 1)
            except urllib.error.HTTPError as exc:
                exc.close()
                problem = Problem(f"{_about(kpi)}{_http_text(exc.code)} för {url} ({tries}).", kpi, url)
                if exc.code not in RETRY_STATUS:
                    return None, problem
                wait = max(wait, _retry_after(exc.headers.get("Retry-After")))
            except TimeoutError:
                problem = Problem(f"{_about(kpi)}Kolada svarade inte inom {self.timeout:g} sekunder för {url} "
                                  f"({tries}).", kpi, url)
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError):
                    text = f"Kolada svarade inte inom {self.timeout:g} sekunder"
                else:
                    text = f"Kolada kunde inte nås ({reason})"
                problem = Problem(f"{_about(kpi)}{text} för {url} ({tries}).", kpi, url)
            except (http.client.HTTPException, ConnectionError, OSError) as exc:
                problem = Problem(f"{_about(kpi)}Förbindelsen med Kolada bröts ({type(exc).__name__}) för {url} "
                                  f"({tries}).", kpi, url)
            else:
                return self._decode(body, url, kpi)
            if attempt < self.attempts:
                self.sleep(wait)
        return None, problem

    def _decode(self, body: bytes, url: str, kpi: str | None) -> tuple[dict[str, Any] | None, Problem | None]:
        if len(body) > self.max_bytes:
            return None, Problem(f"{_about(kpi)}Svaret från Kolada är större än {self.max_bytes // 1_000_000} MB "
                                 f"och lästes inte: {url}.", kpi, url)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None, Problem(f"{_about(kpi)}Svaret från Kolada är inte giltig JSON: {url}.", kpi, url)
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            return None, Problem(f"{_about(kpi)}Svaret från Kolada har inte det dokumenterade formatet "
                                 f"(listan 'values' saknas): {url}.", kpi, url)
        return data, None

    def get_all(self, url: str, kpi: str | None = None) -> Pages:
        """Every page of a query: follow next_url (v2: next_page) on the same host, at most max_pages."""
        pages = Pages()
        base = urllib.parse.urlsplit(self.base_url)
        sep = "&" if "?" in url else "?"
        current = f"{url}{sep}per_page={self.per_page}"
        while True:
            if current in pages.urls or len(pages.urls) >= self.max_pages:
                pages.problems.append(Problem(f"{_about(kpi)}Kolada gav fler än {self.max_pages} sidor eller en sida "
                                        f"som redan lästs; hämtningen avbröts vid {current}.", kpi, current))
                return pages
            pages.urls.append(current)
            data, problem = self.get_json(current, kpi)
            if data is None:
                pages.problems.append(problem or Problem(f"{_about(kpi)}Inget svar från Kolada: {current}.", kpi, current))
                return pages
            values = data["values"]
            count = data.get("count")
            if count is not None and count != len(values):
                pages.problems.append(Problem(f"{_about(kpi)}Kolada angav {count} poster men skickade "
                                              f"{len(values)}: {current}.", kpi, current))
            pages.values.extend(v for v in values if isinstance(v, dict))
            link = data.get("next_url") or data.get("next_page")
            if not link:
                pages.complete = True
                return pages
            nxt = urllib.parse.urljoin(current, str(link))
            parts = urllib.parse.urlsplit(nxt)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                pages.problems.append(Problem(f"{_about(kpi)}Kolada hänvisade nästa sida till en annan server "
                                              f"({nxt}); den lästes inte.", kpi, nxt))
                return pages
            current = nxt


def _retry_after(header: str | None) -> float:
    """Seconds from a Retry-After header (a number), at most 30; 0 when absent or a date."""
    try:
        return min(30.0, max(0.0, float(header))) if header else 0.0
    except ValueError:
        return 0.0


def chunks(ids: list[str], size: int = MAX_IDS) -> list[list[str]]:
    """Split an id list into Kolada-sized pieces."""
    return [ids[i:i + size] for i in range(0, len(ids), size)] or [[]]
