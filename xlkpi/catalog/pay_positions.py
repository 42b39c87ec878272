"""The seed-004 positions whose pay is a money scheme (docs: domain.md §3, §5): repair
technicians and the after-sales manager, and the automotive workshop supervisor, service
advisor and parts staff.

Raters score each of them 0–100 on a few items; the money scheme named by `pay_scheme`
(`xlkpi.core.money`) turns that score and the month's figures into pay. What the Guide
says about each scheme lives with the other Guide notes (`xlkpi.authoring.notes`).
"""

from __future__ import annotations

from xlkpi.catalog.positions import CatalogIndicator, Position
from xlkpi.core.model import ScoredBy

_SEED = "seed 004"


def _rated(code: str, name_zh: str, name_en: str, weight: float) -> CatalogIndicator:
    """An item raters score directly on 0..100, without a rule."""
    return CatalogIndicator(
        code, name_zh, name_en, "", "", 1.0, weight, 100, None, ScoredBy.RATERS, None
    )


def _monthly(code: str, name_zh: str, name_en: str, sheet_en: str, scheme: str) -> Position:
    """An automotive role: monthly results and attitude, paid by a preset scheme."""
    indicators = (
        _rated("results", "工作业绩", "Work results", 0.7),
        _rated("attitude", "工作态度", "Attitude", 0.3),
    )
    return Position(
        code, name_zh, name_en, _SEED, indicators,
        sheet_zh=name_zh, sheet_en=sheet_en, pay_scheme=scheme,
    )  # fmt: skip


REPAIR_TECHNICIAN = Position(
    "repair_technician",
    "售后维修技术人员",
    "Repair technician",
    _SEED,
    (
        _rated("quality", "维修质量", "Repair quality", 0.6),
        _rated("attitude", "服务态度", "Service attitude", 0.4),
    ),
    sheet_zh="维修技术人员",
    sheet_en="Repair technicians",
    pay_scheme="piece_rate",
)
SERVICE_MANAGER = Position(
    "service_manager",
    "售后服务经理",
    "After-sales service manager",
    _SEED,
    (
        _rated("management", "团队管理", "Team management", 0.5),
        _rated("service", "客户服务", "Customer service", 0.5),
    ),
    sheet_zh="售后服务经理",
    sheet_en="Service manager",
    pay_scheme="manager_factor",
)
WORKSHOP_SUPERVISOR = _monthly(
    "workshop_supervisor",
    "车间主管",
    "Workshop supervisor",
    "Workshop supervisor",
    "formula:workshop_supervisor",
)
SERVICE_ADVISOR = _monthly(
    "service_advisor", "服务顾问", "Service advisor", "Service advisors", "formula:service_advisor"
)
PARTS_STAFF = _monthly(
    "parts_staff", "备件人员", "Parts staff", "Parts staff", "pool_split:parts_team"
)

#: every money-scheme position by code
PAY_POSITIONS: dict[str, Position] = {
    p.code: p
    for p in (REPAIR_TECHNICIAN, SERVICE_MANAGER, WORKSHOP_SUPERVISOR, SERVICE_ADVISOR, PARTS_STAFF)
}

__all__ = ["PAY_POSITIONS"]
