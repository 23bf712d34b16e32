"""Kolada's API v3 on a real local HTTP server (pytest-httpserver) for the Kolada tests.

`serve(httpserver, fixture)` answers every /v3/... GET through xltools.examples.kolada_server's
`respond` (Kolada's routes, paging and 25-id limit) and records the paths asked for; `item` and
`mini` build fixtures with known values (syntetiska exempeldata).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from xltools.examples.kolada_server import Fixture, respond

ANY_V3 = re.compile(r"^/v3/.*")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def serve(httpserver: HTTPServer, fixture: Fixture, asked: list[str] | None = None) -> str:
    """Serve `fixture` like Kolada; returns the base URL (…/v3). Paths asked are appended to `asked`."""
    base = httpserver.url_for("/v3")

    def handler(request: Request) -> Response:
        if asked is not None:
            asked.append(request.full_path.rstrip("?"))
        status, body = respond(fixture, base, request.path.removeprefix("/v3"), dict(request.args))
        return json_response(body, status)

    httpserver.expect_request(ANY_V3).respond_with_handler(handler)
    return base


def item(kpi: str, unit: str, year: int, t: float | None, k: float | None = None, m: float | None = None,
         status: str = "", count: int = 1) -> dict[str, Any]:
    """One Kolada data item; K and M only when given."""
    values = [{"gender": "T", "value": t, "status": status, "count": count}]
    values += [{"gender": g, "value": v, "status": status, "count": count} for g, v in (("K", k), ("M", m))
               if v is not None]
    return {"kpi": kpi, "municipality": unit, "period": year, "values": values}


def mini() -> Fixture:
    """Two nyckeltal for Mora (2062), two liknande kommuner, a group G1 and riket, 2022–2025."""
    data = []
    for year, base in ((2022, 7.0), (2023, 7.5), (2024, 7.2), (2025, 6.9)):
        data.append(item("N00090", "2062", year, base, round(base + 1.3, 1), round(base - 1.3, 1)))
        data.append(item("N00090", "2029", year, round(base + 0.5, 1)))
        data.append(item("N00090", "2031", year, round(base - 0.5, 1)))
        data.append(item("N00090", "G1", year, round(base + 0.2, 1), count=2))
        data.append(item("N00090", "0000", year, round(base + 0.1, 1)))
        data.append(item("N07916", "2062", year, None if year == 2025 else year - 2020.0, status="Saknas"
                         if year == 2025 else ""))
        data.append(item("N07916", "0000", year, 4.0))
    return {"kpi": {"N00090": "Sjukfrånvaro (exempel)", "N07916": "Bostäder (exempel)"},
            "groups": {"G1": {"title": "Liknande kommuner, exempelgrupp", "members": ["2029", "2031"]}},
            "data": data}
