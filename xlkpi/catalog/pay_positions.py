"""The seed-004 positions whose pay is a money scheme (docs: domain.md §3, §5): repair
technicians and the after-sales manager, and the automotive workshop supervisor, service
advisor and parts staff.

Raters score each of them 0–100 on a few items; the money scheme named by `pay_scheme`
(`xlkpi.core.money`) turns that score and the month's figures into pay. What the Guide
says about each scheme lives with the other Guide notes (`xlkpi.authoring.notes`).
"""

from __future__ import annotations

from xlkpi.catalog.positions import Position, plain_indicator

#: (code, name in Chinese, in English, weight): items raters score on 0..100
Items = tuple[tuple[str, str, str, float], ...]
_MONTHLY: Items = (
    ("results", "工作业绩", "Work results", 0.7),
    ("attitude", "工作态度", "Attitude", 0.3),
)


def _paid(
    code: str, name: tuple[str, str], sheet: tuple[str, str], scheme: str, items: Items = _MONTHLY
) -> Position:
    """A seed-004 position: rated items, its data sheet's names, and the scheme paying it.
    The automotive roles share the monthly results and attitude items."""
    indicators = tuple(plain_indicator(c, zh, en, weight, 100) for c, zh, en, weight in items)
    return Position(
        code, *name, "seed 004", indicators, sheet_zh=sheet[0], sheet_en=sheet[1], pay_scheme=scheme
    )


#: code, (name zh, en), (data sheet zh, en), pay scheme, and the rated items if not monthly
_SEED_004 = (
    ("repair_technician", ("售后维修技术人员", "Repair technician"),
     ("维修技术人员", "Repair technicians"), "piece_rate",
     (("quality", "维修质量", "Repair quality", 0.6),
      ("attitude", "服务态度", "Service attitude", 0.4))),
    ("service_manager", ("售后服务经理", "After-sales service manager"),
     ("售后服务经理", "Service manager"), "manager_factor",
     (("management", "团队管理", "Team management", 0.5),
      ("service", "客户服务", "Customer service", 0.5))),
    ("workshop_supervisor", ("车间主管", "Workshop supervisor"),
     ("车间主管", "Workshop supervisor"), "formula:workshop_supervisor", _MONTHLY),
    ("service_advisor", ("服务顾问", "Service advisor"),
     ("服务顾问", "Service advisors"), "formula:service_advisor", _MONTHLY),
    ("parts_staff", ("备件人员", "Parts staff"),
     ("备件人员", "Parts staff"), "pool_split:parts_team", _MONTHLY),
)  # fmt: skip

#: every money-scheme position by code
PAY_POSITIONS: dict[str, Position] = {row[0]: _paid(*row) for row in _SEED_004}

__all__ = ["PAY_POSITIONS"]
