"""The seed positions (domain.md §3) as data built from `xlkpi.core.rules`, and the
positions paid by money schemes (§5)."""

from xlkpi.catalog.pay_positions import PAY_POSITIONS
from xlkpi.catalog.positions import POSITIONS, CatalogIndicator, Position, Repair, position

__all__ = ["PAY_POSITIONS", "POSITIONS", "CatalogIndicator", "Position", "Repair", "position"]
