"""A local stand-in for Kolada's API v3, serving a fixture in Kolada's documented format.

Used by the example's snapshot generator and by the tests (through pytest-httpserver), never
against the real Kolada. It answers the routes xltools uses, with Kolada's paging
(``page``/``per_page``, ``count``, ``next_url``/``previous_url``, at most 5000 per page) and its
limit of 25 ids per path segment (HTTP 400 beyond).
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Fixture = dict[str, Any]  # {"kpi": {id: title}, "groups": {id: {title, members}}, "data": [items]}


def _ids(segment: str) -> list[str] | None:
    ids = [i for i in urllib.parse.unquote(segment).split(",") if i]
    return ids if 0 < len(ids) <= 25 else None


def _page(values: list[Any], url: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
    try:
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "5000"))
    except ValueError:
        return 400, {"detail": "page and per_page must be integers"}
    if page < 1 or not 1 <= per_page <= 5000:
        return 400, {"detail": "page >= 1, 1 <= per_page <= 5000"}
    start = (page - 1) * per_page
    chunk = values[start:start + per_page]

    def link(p: int) -> str:
        return f"{url}?{urllib.parse.urlencode({'page': p, 'per_page': per_page})}"

    return 200, {"count": len(chunk), "values": chunk,
                 "next_url": link(page + 1) if start + per_page < len(values) else None,
                 "previous_url": link(page - 1) if page > 1 else None}


def respond(fixture: Fixture, base_url: str, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a GET of `path` (below /v3) with `query`."""
    parts = [p for p in path.split("/") if p]
    url = base_url.rstrip("/") + "/" + "/".join(parts)
    if len(parts) == 2 and parts[0] == "kpi":
        ids = _ids(parts[1])
        if ids is None:
            return 400, {"detail": "1-25 ids"}
        return _page([{"id": k, "title": fixture["kpi"][k]} for k in ids if k in fixture["kpi"]], url, query)
    if len(parts) == 2 and parts[0] == "municipality_groups":
        g = fixture.get("groups", {}).get(parts[1])
        found = [{"id": parts[1], "title": g["title"],
                  "members": [{"member_id": m, "member_title": m} for m in g["members"]]}] if g else []
        return _page(found, url, query)
    if len(parts) in (5, 7) and parts[:2] == ["data", "kpi"] and parts[3] == "municipality":
        kpis, units = _ids(parts[2]), _ids(parts[4])
        years = _ids(parts[6]) if len(parts) == 7 else ["*"]
        if kpis is None or units is None or years is None or len(parts) == 7 and parts[5] != "year":
            return 400, {"detail": "1-25 ids per segment"}
        rows = [r for r in fixture["data"] if r["kpi"] in kpis and r["municipality"] in units
                and (years == ["*"] or str(r["period"]) in years)]
        return _page(rows, url, query)
    return 404, {"detail": "Not Found"}


@contextmanager
def serve(fixture: Fixture) -> Iterator[str]:
    """Serve the fixture on 127.0.0.1 (a free port) in a thread; yields the base URL ending in /v3."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            split = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(split.query))
            status, body = respond(fixture, base, split.path.removeprefix("/v3"), query)
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/v3"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
