"""The consolidation modules on the committed examples, each checked at its own function: sums recomputed
here from the documents and facts, not read back from the code under test."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from xltools.consolidate import drift, internposter, investering, kommunplan, lines, taxor_mal
from xltools.consolidate.facts import kr
from xltools.consolidate.model import Kommunplan


def test_drift_per_namnd_is_the_sum_of_its_facts(plan: Kommunplan) -> None:
    by = {n.namnd: n for n in plan.drift}
    assert [n.namnd for n in plan.drift] == plan.config.namnd_ids and all(n.covered for n in plan.drift)
    for n in plan.drift:
        for y in plan.years:
            want_in = sum(f.kronor for f in plan.facts if f.source.namnd == n.namnd and f.measure == "intakter"
                          and f.year == y and f.source.document == "driftbudget")
            assert by[n.namnd].intakter[y] == want_in
            assert n.netto(y) == n.kostnader[y] - n.intakter[y] and n.differens(y) == n.ram[y] - n.netto(y)
            assert n.ram[y] == kr(plan.config.ekonomi.ramar[n.namnd][y])
    assert drift.kontogrupp("3411") == "34"


def test_investments_per_year_add_up_and_depreciate_after_activation(plan: Kommunplan) -> None:
    inv = plan.inv
    for y in plan.years:
        assert inv.per_ar[y] == sum(v[y] for v in inv.per_namnd.values())
        assert inv.per_ar[y] == sum(p.utgift[y] for p in inv.projekt)
    # The example starts avskrivningen the month after an assumed aktivering in July: 5/12 of the annual amount
    # in the aktiveringsår, the whole amount the years after.
    assert plan.config.ekonomi.avskrivning.aktiveringsmanad == 7
    checked = 0
    for p in inv.projekt:
        assert p.total == sum(p.utgift.values()) + p.senare
        if p.aktivering is not None and p.avskrivningstid:
            assert p.avskrivning(p.aktivering - 1) == 0
            assert p.avskrivning(p.aktivering) == round(Fraction(p.total * 5, 12 * p.avskrivningstid))
            assert p.avskrivning(p.aktivering + 1) == round(p.total / p.avskrivningstid)
            checked += 1
    assert checked > 20
    assert investering.balanspost("1021") != investering.balanspost("1121")
    assert [investering.slag_of(k) for k in ("1021", "1121", "1221")] == list(investering.SLAG)


def test_avskrivning_conventions_cover_the_whole_cost() -> None:
    """Året efter, halvår and månaden efter: the same total over the life, shifted; nothing before the start."""
    def projekt(fran: Fraction) -> investering.Projekt:
        return investering.Projekt("tn", "Tekniska nämnden", "P", "Gata", "gator", "Gator", "11", False, 2027, 2027, 4,
                                   {2027: 1_200_000}, 0, "Projekt", 6, avskrivning_fran=fran)

    for fran, first in ((Fraction(1), [0, 300_000, 300_000]), (Fraction(1, 2), [150_000, 300_000, 300_000]),
                        (Fraction(7, 12), [125_000, 300_000, 300_000])):
        p = projekt(fran)
        assert [p.avskrivning(y) for y in (2027, 2028, 2029)] == first
        assert sum(p.avskrivning(y) for y in range(2026, 2034)) == 1_200_000


def test_internal_flows_agree_between_seller_and_buyer(plan: Kommunplan) -> None:
    assert plan.intern and all(p.ok for p in plan.intern)
    assert {p.slag for p in plan.intern} == {internposter.INTERNHYRA, internposter.TJANSTER}
    assert internposter.slag_of_konto("6011") == internposter.INTERNHYRA
    assert internposter.slag_of_konto("7491") == internposter.TJANSTER
    sums = internposter.totals(plan.intern, plan.years)
    for y in plan.years:
        assert sums[y]["intakter"] == sums[y]["kostnader"] == sum(
            n.intern_intakter[y] for n in plan.drift)


def test_taxor_and_mal_are_every_row_of_their_documents(plan: Kommunplan) -> None:
    rows = Counter(d.namnd for (_, t), d in plan.docs.items() if t == "taxor" for _ in d.rows("taxor"))
    assert Counter(t.namnd for t in plan.taxor) == rows
    mal = Counter(d.namnd for (_, t), d in plan.docs.items() if t == "namndplan" for _ in d.rows("mal"))
    assert Counter(m.namnd for m in plan.mal) == mal
    again = taxor_mal.taxor(plan.config, [(d, "x.xlsx") for (_, t), d in plan.docs.items() if t == "taxor"])
    assert [(t.namnd, t.taxa_id) for t in again] == [(t.namnd, t.taxa_id) for t in plan.taxor]


def test_partition_keeps_the_documents_with_figures(plan: Kommunplan) -> None:
    accepted = [(d, s) for s in plan.sources for d in [plan.docs[(s.namnd, s.document)]]]
    used, ej = kommunplan.partition(plan.config, accepted)
    assert [s for _, s in used] == plan.sources and ej == []
    assert {s.document for s in plan.ej_sammanstallda} == {"internkontrollplan", "lokalbehovsplan", "verksamhetsplan"}
    assert set(kommunplan.CONSOLIDATED) == {s.document for s in plan.sources}


def test_subtotals_add_their_lines_in_order() -> None:
    rows = (lines.Line("a", "A"), lines.Line("b", "B"), lines.Line("s", "Summa", sum_of=("a", "b")),
            lines.Line("h", "Rubrik", heading=True), lines.Line("t", "Totalt", sum_of=("s", "c")))
    got = lines.add_sums({"a": 2, "b": None, "c": 5}, rows)
    assert got == {"a": 2, "b": None, "s": 2, "t": 7}  # a part need not be a line of its own ("c")
