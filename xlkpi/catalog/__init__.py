"""The seed positions (domain.md §3) as data built from `xlkpi.core.rules`."""

from xlkpi.catalog.positions import POSITIONS, CatalogIndicator, Position, Repair, position

__all__ = ["POSITIONS", "CatalogIndicator", "Position", "Repair", "position"]
