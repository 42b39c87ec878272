"""Property-based: team splits and pool splits always reconcile to the cent."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from xlkpi.core.money import (
    PARTS_TEAM,
    Member,
    PieceRateScheme,
    PoolMember,
    Role,
    TeamInput,
    compile_formula,
    reconcile,
)

roles = st.sampled_from([Role.ENGINEER, Role.ASSISTANT])
rates = st.decimals(min_value=0, max_value=1, places=4)
cents = st.decimals(min_value=-(10**7), max_value=10**7, places=2)


@st.composite
def teams(draw):
    size = draw(st.sampled_from([2, 3]))
    explicit = draw(st.booleans())
    members = []
    for i in range(size):
        share = draw(st.decimals(min_value="0.1", max_value=100, places=2)) if explicit else None
        role = draw(roles) if explicit else None
        members.append((f"E{i}", role, share))
    if not explicit:  # one of the three compositions the seed names
        shapes = {
            2: [(Role.ENGINEER, Role.ASSISTANT)],
            3: [
                (Role.ENGINEER, Role.ENGINEER, Role.ASSISTANT),
                (Role.ENGINEER, Role.ASSISTANT, Role.ASSISTANT),
            ],
        }
        shape = draw(st.sampled_from(shapes[size]))
        members = [(eid, role, None) for (eid, _, _), role in zip(members, shape, strict=True)]
    return [
        Member(eid, eid, role or Role.ENGINEER, base_pay=3000, share=share)
        for eid, role, share in members
    ]


@settings(max_examples=300, deadline=None)
@given(teams(), st.integers(min_value=0, max_value=400), rates, st.booleans())
def test_team_split_reconciles_to_the_cent(members, units, rate, short):
    result = PieceRateScheme().compute(TeamInput("T", members, units, rate, short))
    assert sum(result.shares) == result.team_amount
    assert all(s == s.quantize(D("0.01")) for s in result.shares)
    assert not result.problems
    assert not reconcile(result.team_amount, list(result.shares), "t", "t")
    shares = sorted(result.shares)
    assert len(result.breakdowns) == len(members)
    if not short or units >= result.quota:
        assert result.total == result.team_amount
    assert shares[-1] - shares[0] <= abs(result.team_amount)


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.lists(
        st.sampled_from(["parts_manager", "parts_planner", "warehouse", "claims_clerk"]),
        min_size=1,
        max_size=6,
    ),
)
def test_pool_split_reconciles_to_the_cent(output, labour, role_list):
    extras = dict(claim_value=0, profit_claims=0, first_pass=1)
    members = [
        PoolMember(f"P{i}", f"P{i}", role, dict(score=100, accuracy=1, **extras))
        for i, role in enumerate(role_list)
    ]
    result = PARTS_TEAM.compute(dict(total_output=output, labour_value=labour), members)
    assert sum(result.shares) == result.pool
    assert not result.problems.has_errors
    # at full score and accuracy every share is paid as is (claims extras: +500 each)
    extra = 500 * role_list.count("claims_clerk")
    assert result.paid == result.pool + extra


@settings(max_examples=300, deadline=None)
@given(cents, cents, st.decimals(min_value=-1000, max_value=1000, places=3))
def test_formula_arithmetic_is_exact_decimal(a, b, c):
    f = compile_formula("=a+b-c*2")
    assert f.evaluate(dict(a=a, b=b, c=c)).value == a + b - c * 2


@given(st.lists(cents, min_size=1, max_size=8))
def test_reconcile_reports_a_missing_cent(parts):
    total = sum(parts, D(0))
    assert not reconcile(total, parts, "x", "x")
    problems = reconcile(total + D("0.01"), parts, "pool", "奖金池")
    assert [p.code for p in problems] == ["money.reconcile"]
