"""fmt.money: the one spelling of an amount in messages, the web summary and scorecards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xlkpi.core.fmt import money


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal(0), "¥0.00"),
        (Decimal("12345.6"), "¥12,345.60"),
        (Decimal("1234567.891"), "¥1,234,567.89"),
        (Decimal("999.99"), "¥999.99"),
        (Decimal("1000"), "¥1,000.00"),
        # the sign follows the ¥, as the three copies this replaced wrote it
        (Decimal("-5"), "¥-5.00"),
        (Decimal("-1234.5"), "¥-1,234.50"),
        (Decimal("-0.001"), "¥-0.00"),
        # Decimal rounds half to even at the cent, as before
        (Decimal("0.125"), "¥0.12"),
        (Decimal("0.135"), "¥0.14"),
        (Decimal("999.995"), "¥1,000.00"),
        # floats and ints are spelled the same way
        (0.5, "¥0.50"),
        (1234, "¥1,234.00"),
    ],
)
def test_money_spells_an_amount_to_the_cent_with_thousands(amount, text):
    assert money(amount) == text
