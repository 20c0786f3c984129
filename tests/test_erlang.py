"""Erlang C against published figures, an exact independent computation, and the edges."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import erlang


def exact_c(agents: int, load: Fraction) -> Fraction:
    """Erlang C from its textbook definition, in exact rational arithmetic (no floats)."""
    terms = [load**k / math.factorial(k) for k in range(agents)]
    top = load**agents / math.factorial(agents) * Fraction(agents) / (agents - load)
    return top / (sum(terms) + top)


def test_published_call_centre_example() -> None:
    """100 contacts in 30 minutes, 180 s handling, 20 s target: 10 Erlang of traffic.

    Published by pyworkforce (README of ``ErlangC(transactions=100, aht=3, asa=20/60,
    interval=30)``) and the CRAN package ErlangC (``erlang_c(100, 30 min, 180 s, 20 s, 14)``):
    14 agents wait probability 0.1741319, service level 0.88835, occupancy 0.7142857; and 11
    agents wait probability 0.6821182. 13 agents reach about 80 % but not quite, so 14 is the
    smallest number for an 80 % target.
    """
    load = erlang.traffic(200, 3)
    assert load == pytest.approx(10)
    assert erlang.erlang_c(14, load) == pytest.approx(0.1741319, abs=1e-7)
    assert erlang.service_level(14, load, 3, 20 / 60) == pytest.approx(0.88835, abs=1e-5)
    assert erlang.occupancy(14, load) == pytest.approx(0.7142857, abs=1e-7)
    assert erlang.erlang_c(11, load) == pytest.approx(0.6821182, abs=1e-7)
    assert erlang.service_level(13, load, 3, 20 / 60) == pytest.approx(0.7956, abs=1e-4)
    result = erlang.staff(200, 3, 20 / 60, 0.8)
    assert (result.agents, round(result.service_level, 5)) == (14, 0.88835)
    assert erlang.staff(200, 3, 20 / 60, 0.79).agents == 13


def test_erlang_b_matches_the_traffic_table() -> None:
    """Erlang B tables: 10 lines offered 5 Erlang block 1.84 % of calls."""
    assert erlang.erlang_b(10, 5) == pytest.approx(0.018385, abs=1e-6)
    assert erlang.erlang_b(0, 5) == 1.0


@pytest.mark.parametrize(
    ("agents", "load"),
    [(1, Fraction(1, 2)), (3, Fraction(5, 2)), (14, Fraction(10)), (60, Fraction(523, 10))],
)
def test_recurrence_agrees_with_the_exact_formula(agents: int, load: Fraction) -> None:
    assert erlang.erlang_c(agents, float(load)) == pytest.approx(float(exact_c(agents, load)))


def test_large_volumes_stay_exact_where_factorials_overflow() -> None:
    """2,000 messages an hour at 5 minutes: 166.7 Erlang; A**N alone overflows a float."""
    load = erlang.traffic(2000, 5)
    agents = erlang.agents_needed(load, 5, [(0.5, 0.8)])
    with pytest.raises(OverflowError):
        float(load) ** agents / math.factorial(agents)
    exact = exact_c(agents, Fraction(500, 3))
    assert erlang.erlang_c(agents, load) == pytest.approx(float(exact), rel=1e-9)
    assert erlang.service_level(agents, load, 5, 0.5) >= 0.8
    assert erlang.service_level(agents - 1, load, 5, 0.5) < 0.8
    assert 167 <= agents < 200


def test_very_large_traffic_is_fast_and_finite() -> None:
    result = erlang.staff(100_000, 5, 0.5, 0.9)
    assert 8_334 <= result.agents < 8_500
    assert 0.9 <= result.service_level < 1
    assert result.occupancy < 1


def test_no_traffic_needs_nobody() -> None:
    result = erlang.staff(0, 6, 30, 0.8)
    assert result == erlang.Staffing(agents=0, service_level=1.0, occupancy=0.0)
    assert erlang.erlang_c(3, 0) == 0.0


def test_traffic_at_or_above_capacity_never_meets_a_target() -> None:
    """With N <= A the queue grows without end: everybody waits, nobody within the target."""
    assert erlang.erlang_c(10, 10) == 1.0
    assert erlang.service_level(10, 10, 3, 30) == 0.0
    assert erlang.service_level(5, 12.5, 3, 600) == 0.0
    assert erlang.occupancy(5, 12.5) == 1.0
    assert erlang.agents_needed(10, 3, [(600, 0.01)]) == 11


def test_a_hundred_percent_target_ends_with_a_finite_answer() -> None:
    assert erlang.agents_needed(10, 3, [(0, 1.0)]) < 60


def test_the_strictest_target_decides() -> None:
    targets = [(20 / 60, 0.8), (30, 0.9), (0, 0.5)]
    assert erlang.agents_per_target(10, 3, targets) == [14, 11, 12]
    assert erlang.agents_needed(10, 3, targets) == 14


@pytest.mark.parametrize(
    "call",
    [
        lambda: erlang.traffic(-1, 3),
        lambda: erlang.traffic(10, 0),
        lambda: erlang.erlang_c(-1, 2),
        lambda: erlang.erlang_c(3, float("nan")),
        lambda: erlang.agents_needed(2, 3, [(30, 1.5)]),
        lambda: erlang.agents_needed(2, 3, [(-1, 0.8)]),
        lambda: erlang.agents_needed(2e7, 3, [(30, 0.8)]),
    ],
)
def test_impossible_inputs_are_refused(call) -> None:
    with pytest.raises(ValueError):
        call()


@settings(max_examples=150, deadline=None)
@given(
    load=st.floats(min_value=0.01, max_value=400),
    handle=st.floats(min_value=0.5, max_value=30),
    within=st.floats(min_value=0, max_value=240),
    share=st.floats(min_value=0.05, max_value=0.99),
)
def test_the_answer_is_the_smallest_that_meets_the_target(load, handle, within, share) -> None:
    agents = erlang.agents_needed(load, handle, [(within, share)])
    assert agents > load
    assert erlang.service_level(agents, load, handle, within) >= share
    fewer = agents - 1
    assert fewer <= load or erlang.service_level(fewer, load, handle, within) < share
