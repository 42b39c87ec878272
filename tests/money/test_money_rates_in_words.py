"""Breakdowns show rates as HR writes them: 95.5%, not 0.955."""

from __future__ import annotations

from decimal import Decimal

from xlkpi.core.money.explain import Step


def test_a_rate_is_shown_as_a_percentage():
    step = Step(
        "inputs used",
        "使用的输入",
        {"on_time": Decimal("0.955"), "units": Decimal("150"), "score": Decimal("0.9")},
    )
    labels = {
        "on_time": ("on-time delivery rate", "交付及时率"),
        "units": ("units passed", "检验合格台数"),
        "score": ("monthly score", "月度考核成绩"),
    }
    assert (
        step.render("zh", labels)
        == "使用的输入: 交付及时率=95.5%, 检验合格台数=150, 月度考核成绩=0.9"
    )
    assert "on-time delivery rate=95.5%" in step.render("en", labels)
