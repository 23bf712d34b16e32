"""The Kolada client against a real local HTTP server: paging, HTTP errors, retries, timeouts,
malformed answers. Every failure is a Swedish Problem naming the KPI and URL, never an exception."""

from __future__ import annotations

import socket
import time

from pytest_httpserver import HTTPServer
from support.kolada import ANY_V3, item, json_response, mini, serve
from werkzeug import Request, Response

from xltools.kolada.client import KoladaClient

KPI = "N00090"


def _client(base: str, **kw) -> KoladaClient:
    waits: list[float] = []
    kw.setdefault("timeout", 2.0)
    kw.setdefault("attempts", 3)
    client = KoladaClient(base, pause=0.01, sleep=waits.append, **kw)
    client.waits = waits  # type: ignore[attr-defined]
    return client


def _data_url(client: KoladaClient, units: str = "2062,0000") -> str:
    return client.url("data", "kpi", KPI, "municipality", units, "year", "2022,2023,2024,2025")


def test_paging_follows_next_url_to_the_end(httpserver: HTTPServer) -> None:
    asked: list[str] = []
    client = _client(serve(httpserver, mini(), asked), per_page=3)
    pages = client.get_all(_data_url(client), KPI)
    assert pages.complete and pages.problems == []
    assert len(pages.values) == 8  # 2 units × 4 years
    assert [(v["municipality"], v["period"]) for v in pages.values][:3] == [("2062", 2022), ("0000", 2022),
                                                                            ("2062", 2023)]
    assert asked == [
        "/v3/data/kpi/N00090/municipality/2062,0000/year/2022,2023,2024,2025?per_page=3",
        "/v3/data/kpi/N00090/municipality/2062,0000/year/2022,2023,2024,2025?page=2&per_page=3",
        "/v3/data/kpi/N00090/municipality/2062,0000/year/2022,2023,2024,2025?page=3&per_page=3",
    ]
    assert len(pages.urls) == 3


def test_v2_next_page_is_followed_too(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    first = {"count": 1, "values": [item(KPI, "2062", 2024, 7.0)], "next_page": f"{base}/kpi/x?page=2"}
    httpserver.expect_request("/v3/kpi/x", query_string="page=2").respond_with_json(
        {"count": 1, "values": [item(KPI, "2062", 2025, 6.0)]})
    httpserver.expect_request("/v3/kpi/x").respond_with_json(first)
    pages = _client(base).get_all(f"{base}/kpi/x")
    assert pages.complete and [v["period"] for v in pages.values] == [2024, 2025]


def test_404_is_one_swedish_problem_without_retry(httpserver: HTTPServer) -> None:
    asked: list[str] = []
    client = _client(serve(httpserver, mini(), asked))
    url = client.url("data", "kpi", KPI, "kommun", "2062")
    pages = client.get_all(url, KPI)
    assert not pages.complete and pages.values == []
    [problem] = pages.problems
    assert problem.message == (f"Nyckeltal {KPI}: Kolada känner inte till adressen (HTTP 404) för "
                               f"{url}?per_page=5000 (1 försök).")
    assert problem.kpi == KPI and problem.url == f"{url}?per_page=5000"
    assert len(asked) == 1


def test_too_many_ids_gives_http_400_in_swedish(httpserver: HTTPServer) -> None:
    client = _client(serve(httpserver, mini()))
    units = ",".join(f"{2000 + i}" for i in range(26))
    pages = client.get_all(_data_url(client, units), KPI)
    assert "Kolada avvisade frågan (HTTP 400: felaktiga parametrar eller för lång adress)" in pages.problems[0].message


def test_server_error_is_retried_then_succeeds(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_oneshot_request(ANY_V3).respond_with_data("Internal error", status=500)
    serve(httpserver, mini())
    client = _client(base)
    pages = client.get_all(_data_url(client), KPI)
    assert pages.complete and pages.problems == [] and len(pages.values) == 8
    assert client.waits == [0.01]  # type: ignore[attr-defined]


def test_server_errors_stop_after_the_bounded_number_of_tries(httpserver: HTTPServer) -> None:
    calls: list[float] = []

    def handler(request: Request) -> Response:
        calls.append(time.monotonic())
        return Response("unavailable", status=503)

    httpserver.expect_request(ANY_V3).respond_with_handler(handler)
    client = _client(httpserver.url_for("/v3"), attempts=3)
    url = _data_url(client)
    pages = client.get_all(url, KPI)
    assert len(calls) == 3
    assert client.waits == [0.01, 0.02]  # type: ignore[attr-defined]
    assert pages.problems[0].message == (f"Nyckeltal {KPI}: Kolada hade ett serverfel (HTTP 503) för "
                                         f"{url}?per_page=5000 (3 försök).")


def test_rate_limit_waits_as_kolada_asks(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_oneshot_request(ANY_V3).respond_with_response(
        json_response({"detail": "slow down"}, 429, {"Retry-After": "2"}))
    serve(httpserver, mini())
    client = _client(base)
    assert client.get_all(_data_url(client), KPI).complete
    assert client.waits == [2.0]  # type: ignore[attr-defined]


def test_timeout_is_a_problem_after_every_try(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return json_response({"values": []})

    httpserver.expect_request(ANY_V3).respond_with_handler(slow)
    client = _client(httpserver.url_for("/v3"), timeout=0.2, attempts=2)
    url = _data_url(client)
    started = time.monotonic()
    pages = client.get_all(url, KPI)
    assert time.monotonic() - started < 3
    assert pages.problems[0].message == (f"Nyckeltal {KPI}: Kolada svarade inte inom 0.2 sekunder för "
                                         f"{url}?per_page=5000 (2 försök).")


def test_malformed_json_and_wrong_shape(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/a").respond_with_data('{"values": [', content_type="application/json")
    httpserver.expect_request("/v3/b").respond_with_json({"rows": []})
    httpserver.expect_request("/v3/c").respond_with_json([1, 2])
    client = _client(base)
    a = client.get_all(f"{base}/a", KPI).problems[0].message
    assert a == f"Nyckeltal {KPI}: Svaret från Kolada är inte giltig JSON: {base}/a?per_page=5000."
    for path in ("b", "c"):
        b = client.get_all(f"{base}/{path}", KPI).problems[0].message
        assert "har inte det dokumenterade formatet (listan 'values' saknas)" in b and f"{base}/{path}" in b


def test_count_that_disagrees_is_reported_and_values_kept(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/a").respond_with_json({"count": 5, "values": [item(KPI, "2062", 2024, 7.0)],
                                                          "next_url": None})
    pages = _client(base).get_all(f"{base}/a", KPI)
    assert pages.complete and len(pages.values) == 1
    assert "Kolada angav 5 poster men skickade 1" in pages.problems[0].message


def test_next_url_to_another_server_is_not_followed(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/a").respond_with_json(
        {"values": [], "next_url": "https://example.org/v3/a?page=2"})
    pages = _client(base).get_all(f"{base}/a", KPI)
    assert not pages.complete
    assert "hänvisade nästa sida till en annan server (https://example.org/v3/a?page=2)" in pages.problems[0].message


def test_a_page_loop_is_cut(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/a").respond_with_json({"values": [], "next_url": f"{base}/a?per_page=5000"})
    pages = _client(base).get_all(f"{base}/a", KPI)
    assert not pages.complete and "en sida som redan lästs" in pages.problems[0].message


def test_too_large_answer_is_not_read(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/a").respond_with_json({"values": [item(KPI, "2062", y, 1.0) for y in range(50)]})
    pages = _client(base, max_bytes=1_000_000 // 1000).get_all(f"{base}/a", KPI)
    assert "är större än" in pages.problems[0].message


def test_unreachable_server(httpserver: HTTPServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nobody listens there
    client = _client(f"http://127.0.0.1:{port}/v3", attempts=2)
    problem = client.get_all(f"http://127.0.0.1:{port}/v3/kpi/N00090").problems[0]
    assert problem.message.startswith("Kolada kunde inte nås (")
    assert f"http://127.0.0.1:{port}/v3/kpi/N00090?per_page=5000 (2 försök)." in problem.message
    assert client.waits == [0.01]  # type: ignore[attr-defined]
