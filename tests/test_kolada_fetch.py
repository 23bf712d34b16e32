"""`hamta` end to end against Kolada's format on a real local HTTP server: the kommun, liknande
kommuner (list or Kolada group) and riket, gender splits, missing values, status, chunking of
long id lists, and failures that keep the other nyckeltal and the previous snapshot's values."""

from __future__ import annotations

import datetime as dt

from pytest_httpserver import HTTPServer
from support.kolada import ANY_V3, item, json_response, mini, serve
from werkzeug import Request, Response

from xltools.examples.kolada_server import respond
from xltools.kolada.client import KoladaClient
from xltools.kolada.fetch import Urval, hamta
from xltools.kolada.model import Jamforelse, Value
from xltools.kolada.parse import parse_items

NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
YEARS = (2022, 2023, 2024, 2025, 2026)
LISTA = Urval("2062", YEARS, Jamforelse("Liknande kommuner", ("2029", "2031")))
GRUPP = Urval("2062", YEARS, Jamforelse("Liknande kommuner", grupp="G1"))


def _client(base: str, **kw) -> KoladaClient:
    return KoladaClient(base, timeout=2.0, attempts=2, pause=0.0, sleep=lambda s: None, **kw)


def _t(snap, kpi: str, unit: str, kon: str = "T") -> list[tuple[int, float | None]]:
    s = snap.series(kpi, unit)
    assert s is not None, (kpi, unit)
    return [(v.ar, v.varde) for v in sorted(s.varden, key=lambda v: v.ar) if v.kon == kon]


def test_kommun_liknande_and_riket_with_genders(httpserver: HTTPServer) -> None:
    asked: list[str] = []
    base = serve(httpserver, mini(), asked)
    snap = hamta(_client(base), LISTA, ["N00090", "N07916"], now=NOW)
    assert snap.problem == ()
    assert snap.hamtad == "2026-09-15T10:00:00+02:00" and snap.api == "v3" and snap.api_url == base
    assert snap.nyckeltal == {"N00090": "Sjukfrånvaro (exempel)", "N07916": "Bostäder (exempel)"}
    assert _t(snap, "N00090", "2062") == [(2022, 7.0), (2023, 7.5), (2024, 7.2), (2025, 6.9)]
    assert _t(snap, "N00090", "2062", "K") == [(2022, 8.3), (2023, 8.8), (2024, 8.5), (2025, 8.2)]
    assert _t(snap, "N00090", "2062", "M") == [(2022, 5.7), (2023, 6.2), (2024, 5.9), (2025, 5.6)]
    assert _t(snap, "N00090", "2029")[-1] == (2025, 7.4) and _t(snap, "N00090", "0000")[0] == (2022, 7.1)
    assert _t(snap, "N00090", "2029", "K") == []  # Kolada has no gender split for it
    assert _t(snap, "N07916", "2062")[-1] == (2025, None)  # missing value kept, with its status
    [missing] = [v for v in snap.series("N07916", "2062").varden if v.varde is None]
    assert missing.status == "Saknas"
    assert snap.series("N07916", "2029").varden == ()  # asked, answered: Kolada has none
    assert snap.series("N00090", "G1") is None  # not asked for
    assert {s.kalla_url for s in snap.serier if s.kpi == "N00090"} == {
        f"{base}/data/kpi/N00090/municipality/2062,2029,2031,0000/year/2022,2023,2024,2025,2026?per_page=5000"}
    assert asked == ["/v3/kpi/N00090,N07916?per_page=5000",
                     "/v3/data/kpi/N00090/municipality/2062,2029,2031,0000/year/2022,2023,2024,2025,2026?per_page=5000",
                     "/v3/data/kpi/N07916/municipality/2062,2029,2031,0000/year/2022,2023,2024,2025,2026?per_page=5000"]


def test_kolada_group_as_comparison(httpserver: HTTPServer) -> None:
    snap = hamta(_client(serve(httpserver, mini())), GRUPP, ["N00090"], now=NOW)
    assert snap.problem == ()
    assert snap.jamforelse.grupp_titel == "Liknande kommuner, exempelgrupp"
    [v2025] = [v for v in snap.series("N00090", "G1").varden if v.ar == 2025]
    assert (v2025.varde, v2025.antal) == (7.1, 2)


def test_unknown_group_is_reported(httpserver: HTTPServer) -> None:
    urval = Urval("2062", YEARS, Jamforelse(grupp="G999"))
    snap = hamta(_client(serve(httpserver, mini())), urval, ["N00090"], now=NOW)
    assert [p.message for p in snap.problem] == [
        "Kolada känner inte till kommungruppen G999; kontrollera gruppens id."]
    assert _t(snap, "N00090", "2062")[0] == (2022, 7.0)


def test_more_than_25_units_are_split_over_queries(httpserver: HTTPServer) -> None:
    fixture = mini()
    many = tuple(f"{2100 + i}" for i in range(30))
    fixture["data"] += [item("N00090", k, 2025, float(i)) for i, k in enumerate(many)]
    asked: list[str] = []
    urval = Urval("2062", YEARS, Jamforelse(kommuner=many))
    snap = hamta(_client(serve(httpserver, fixture, asked)), urval, ["N00090"], now=NOW)
    assert snap.problem == ()
    data = [a for a in asked if a.startswith("/v3/data/")]
    assert len(data) == 2 and all(a.split("/")[6].count(",") < 25 for a in data)
    assert [_t(snap, "N00090", k) for k in (many[0], many[-1])] == [[(2025, 0.0)], [(2025, 29.0)]]
    assert len({s.enhet for s in snap.serier}) == 32  # kommun, 30 liknande, riket


def test_a_failing_nyckeltal_does_not_stop_the_others(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    httpserver.expect_request("/v3/data/kpi/N07916/municipality/2062,2029,2031,0000/year/2022,2023,2024,2025,2026"
                              ).respond_with_data("boom", status=500)
    serve(httpserver, mini())
    snap = hamta(_client(base), LISTA, ["N07916", "N00090"], now=NOW)
    assert _t(snap, "N00090", "2062")[-1] == (2025, 6.9)
    assert not [s for s in snap.serier if s.kpi == "N07916"]
    assert [p.message for p in snap.problem] == [
        f"Nyckeltal N07916: Kolada hade ett serverfel (HTTP 500) för {base}/data/kpi/N07916/municipality/"
        f"2062,2029,2031,0000/year/2022,2023,2024,2025,2026?per_page=5000 (2 försök).",
        "Nyckeltal N07916: inga värden hämtades."]
    assert {p.kpi for p in snap.problem} == {"N07916"}


def test_failed_nyckeltal_keeps_the_previous_snapshots_values(httpserver: HTTPServer) -> None:
    base = serve(httpserver, mini())
    before = hamta(_client(base), LISTA, ["N00090", "N07916"], now=NOW - dt.timedelta(days=30))
    httpserver.clear()

    def handler(request: Request) -> Response:
        if "N00090" in request.path and "/data/" in request.path:
            return Response("down", status=503)
        status, body = respond(mini(), base, request.path.removeprefix("/v3"), dict(request.args))
        return json_response(body, status)

    httpserver.expect_request(ANY_V3).respond_with_handler(handler)
    after = hamta(_client(base), LISTA, ["N00090", "N07916"], previous=before, now=NOW)
    kept = after.series("N00090", "2062")
    assert kept == before.series("N00090", "2062") and kept.hamtad == "2026-08-16T10:00:00+02:00"
    assert after.series("N07916", "2062").hamtad == "2026-09-15T10:00:00+02:00"
    assert after.problem[-1].message == "Nyckeltal N00090: värdena från den förra hämtningen (2026-08-16) behålls."


def test_badly_formed_ids_are_not_asked_for(httpserver: HTTPServer) -> None:
    asked: list[str] = []
    snap = hamta(_client(serve(httpserver, mini(), asked)), LISTA, ["n90", "N00090", " N00090 "], now=NOW)
    assert [p.message for p in snap.problem] == [
        "Kolada-id:t 'n90' har fel form (en stor bokstav och fem siffror, t.ex. N00090); det hämtades inte."]
    assert all("n90" not in a for a in asked) and len(asked) == 2


def test_items_in_a_wrong_shape_are_counted_not_kept(httpserver: HTTPServer) -> None:
    base = httpserver.url_for("/v3")
    bad = [item("N00090", "2062", 2024, 7.0),
           {"kpi": "N00090", "municipality": "2062", "period": 2025,
            "values": [{"gender": "X", "value": 1.0, "status": ""}]},
           {"kpi": "N00090", "municipality": "2062", "period": 2023,
            "values": [{"gender": "T", "value": "7,1", "status": ""}]},
           {"kpi": "N00090", "municipality": "2062", "period": 2022,
            "values": [{"gender": "T", "value": 1.0, "status": "=HYPERLINK(\"x\")"}]},
           {"kpi": "N00090", "municipality": "2062", "period": 2026,
            "values": [{"gender": "T", "value": None, "status": "", "isdeleted": True}]},
           item("N00090", "9999", 2024, 1.0)]
    httpserver.expect_request("/v3/kpi/N00090").respond_with_json({"values": []})
    httpserver.expect_request(ANY_V3).respond_with_json({"count": len(bad), "values": bad})
    snap = hamta(_client(base), Urval("2062", YEARS, Jamforelse(riket=False)), ["N00090"], now=NOW)
    assert _t(snap, "N00090", "2062") == [(2024, 7.0)]
    messages = [p.message.split(" (", 1)[1].split("):")[0] for p in snap.problem]
    assert messages == ["okänt kön 'X' (ska vara T, K eller M)",
                        "poster för annat nyckeltal, annan kommun eller annat år än det som efterfrågades",
                        "statusen '=HYPERLINK(\"x\")' är inte en kort text",
                        "värdet '7,1' är inte ett tal"]
    assert all(p.message.startswith("Nyckeltal N00090: 1 post i svaret från Kolada lästes inte") for p in snap.problem)


def test_parse_reads_v2_periods_and_reports_what_it_skips() -> None:
    items = [{"kpi": "N00090", "municipality": "2062", "period": "2024",  # v2 wrote periods as text
              "values": [{"gender": "T", "value": 7, "status": None, "count": 1}]},
             {"kpi": "N00090", "municipality": "2062", "period": "2024", "values": [{"gender": "T", "value": 8.0}]},
             "not an object",
             {"kpi": "N00090", "municipality": "2062", "period": 24, "values": []}]
    values, problems = parse_items(items, "u", "N00090", {"2062"}, {2024})
    assert values == {("N00090", "2062"): [Value(2024, "T", 7.0, "", 1)]}
    assert [p.message for p in problems] == [
        "Nyckeltal N00090: 1 post i svaret från Kolada lästes inte (dubbletter (samma kommun, år och kön två "
        "gånger)): u.",
        "Nyckeltal N00090: 1 post i svaret från Kolada lästes inte (ogiltig period 24): u.",
        "Nyckeltal N00090: 1 post i svaret från Kolada lästes inte (posten är inte ett objekt): u."]
