"""Scoring rules as data: one class per rule type, registered by name, parsed from the text
HR writes in a cell (English or Chinese). See docs/rules.md for the syntax.
"""

from xlkpi.core.rules.base import DEFAULT_ROUNDING, Rule, RuleError, RuleScore, StepRounding
from xlkpi.core.rules.registry import KEYWORDS, RULE_TYPES, parse_rule, register

# Importing a rule module registers it; the order here is the order docs and messages list.
from xlkpi.core.rules.tiers import Tier, TiersRule  # isort: skip
from xlkpi.core.rules.deduct import DeductRule  # isort: skip
from xlkpi.core.rules.band import BandRule  # isort: skip
from xlkpi.core.rules.slopes import SlopesRule  # isort: skip
from xlkpi.core.rules.gate import GateRule  # isort: skip
from xlkpi.core.rules.ratio import RatioRule  # isort: skip
from xlkpi.core.rules.levels import LevelsRule  # isort: skip
from xlkpi.core.rules.events import EventsRule  # isort: skip
from xlkpi.core.rules.requirements import RequirementsRule  # isort: skip

__all__ = [
    "DEFAULT_ROUNDING",
    "KEYWORDS",
    "RULE_TYPES",
    "BandRule",
    "DeductRule",
    "EventsRule",
    "GateRule",
    "LevelsRule",
    "RatioRule",
    "RequirementsRule",
    "Rule",
    "RuleError",
    "RuleScore",
    "SlopesRule",
    "StepRounding",
    "Tier",
    "TiersRule",
    "parse_rule",
    "register",
]
