"""Combining rater scores (自评 / 考评 / 审评, plus 360° peers and customers).

Two policies (`RaterPolicy.mode`):

- "weighted": each rater with a positive weight in `RaterPolicy.weights` counts with that
  weight; peers and customers count only if they have a weight of their own. Several peer
  (or customer) scores are averaged first. The combined score is Σ wᵣ·sᵣ / Σ wᵣ over the
  raters present, so when one is missing the weights of the others are rescaled.
- "highest": the highest-level rater present decides (approver > reviewer > self). Peers and
  customers never count in this mode (they are not a level of the hierarchy).

A rater is "missing" when the policy expects a score (weighted: weight > 0; highest: a level
above the one that decided, among the levels with weight > 0) and none was given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from xlkpi.core.fmt import num, pct
from xlkpi.core.model import Rater, RaterPolicy
from xlkpi.core.problems import Problems
from xlkpi.core.words import Explanation

#: how each rater is named in messages, English and Chinese
RATER_TEXT: dict[Rater, tuple[str, str]] = {
    Rater.SELF: ("self", "自评"),
    Rater.REVIEWER: ("reviewer", "考评"),
    Rater.APPROVER: ("approver", "审评"),
    Rater.PEER: ("peer", "同事评"),
    Rater.CUSTOMER: ("customer", "客户评"),
}

#: every rater in declaration order (iterating the Enum itself is slow in a hot loop)
RATERS: tuple[Rater, ...] = tuple(Rater)

#: the hierarchy for "highest decides", highest first
LEVELS: tuple[Rater, ...] = (Rater.APPROVER, Rater.REVIEWER, Rater.SELF)

MODES = ("weighted", "highest")
MISSING = ("renormalise", "error")


class Combined(NamedTuple):  # a tuple: one is made per rater-scored indicator and person
    """The combined score on the indicator's scale (None if no rater counted)."""

    raw: float | None
    missing: tuple[Rater, ...]  # expected by the policy, not given
    ignored: tuple[Rater, ...]  # given, but the policy does not use them
    how: Explanation  # worded on first read, like every explanation (see core.words)


def check_policy(policy: RaterPolicy, tolerance: float, problems: Problems) -> RaterPolicy:
    """Report a malformed rater policy and return a usable one.

    Unknown mode/missing words are ERRORS and fall back to the defaults ("weighted",
    "renormalise") so that partial results can still be shown.

    Args:
        policy: from Settings.
        tolerance: weights in weighted mode must add up to 100% within this.
        problems: where errors go, naming `policy.source`.
    Returns:
        The policy with mode and missing normalised to one of the known words.
    """
    mode = policy.mode.strip().lower()
    missing = policy.missing.strip().lower()
    where = policy.source
    if mode not in MODES:
        problems.error(
            "raters.mode",
            f"Rater policy '{policy.mode}' is unknown; use 'weighted' or 'highest'",
            f"评分方式“{policy.mode}”无法识别，应为 weighted（加权）或 highest（最高级决定）",
            where,
        )
        mode = "weighted"
    if missing not in MISSING:
        problems.error(
            "raters.missing_policy",
            f"Missing-score policy '{policy.missing}' is unknown; use 'renormalise' or 'error'",
            f"缺评处理“{policy.missing}”无法识别，应为 renormalise（按比例重算）或 error（报错）",
            where,
        )
        missing = "renormalise"
    bad = [r for r, w in policy.weights.items() if not math.isfinite(w) or w < 0]
    if bad:
        names = ", ".join(RATER_TEXT[r][0] for r in bad)
        problems.error(
            "raters.weight",
            f"Rater weights must be 0–100% ({names})",
            f"评分人权重应在0–100%之间（{names}）",
            where,
        )
    total = math.fsum(w for w in policy.weights.values() if math.isfinite(w) and w > 0)
    if mode == "weighted" and abs(total - 1.0) > tolerance + 1e-9:
        problems.error(
            "raters.weight_sum",
            f"Rater weights add up to {pct(total)}, not 100%",
            f"评分人权重合计{pct(total)}，应为100%",
            where,
        )
    if not math.isfinite(policy.gap_threshold) or policy.gap_threshold < 0:
        problems.error(
            "raters.gap_threshold",
            f"Self/reviewer gap threshold {policy.gap_threshold!r} must be 0 or more",
            f"自评与考评差异阈值{policy.gap_threshold!r}不能为负",
            where,
        )
    return RaterPolicy(mode, dict(policy.weights), missing, policy.gap_threshold, where)


def combine(
    scores: Mapping[Rater, float],
    policy: RaterPolicy,
    weighted: Sequence[Rater] | None = None,
) -> Combined:
    """Combine one score per rater (peers/customers already averaged) by the policy.

    Args:
        scores: rater -> points on the indicator's scale, only for raters who gave one.
        policy: a policy checked by `check_policy`.
        weighted: `weighted_raters(policy)`, when the caller keeps it (it combines many).
    Returns:
        The combined points, what was missing and what was ignored, and how (en, zh).
    """
    if policy.mode == "highest":
        return _highest(scores, policy)
    return _weighted(scores, policy, weighted_raters(policy) if weighted is None else weighted)


def weighted_raters(policy: RaterPolicy) -> list[Rater]:
    """The raters a "weighted" policy expects: those with a positive weight, in order."""
    return [r for r in RATERS if policy.weights.get(r, 0.0) > 0]


def _weighted(
    scores: Mapping[Rater, float], policy: RaterPolicy, expected: Sequence[Rater]
) -> Combined:
    present = [r for r in expected if r in scores]
    # Usually every expected rater scored and nobody else did: then both are empty.
    missing = () if len(present) == len(expected) else tuple(r for r in expected if r not in scores)
    ignored = () if len(present) == len(scores) else tuple(r for r in scores if r not in expected)
    weights = policy.weights
    weight_sum = math.fsum([weights[r] for r in present])  # (a list sums faster than a generator)
    if not present or weight_sum <= 0:
        return Combined(None, missing, ignored, _NO_SCORE)
    raw, how = _weighted_mean(scores, policy, present, weight_sum)
    return Combined(raw, missing, ignored, how)


def _weighted_mean(
    scores: Mapping[Rater, float], policy: RaterPolicy, present: list[Rater], weight_sum: float
) -> tuple[float, Explanation]:
    """Σ wᵣ·sᵣ / Σ wᵣ over the raters present (weight_sum is Σ wᵣ, above 0), and how."""
    weights = policy.weights
    raw = math.fsum([weights[r] * scores[r] for r in present]) / weight_sum
    return raw, Explanation(make=_weighted_words, args=(policy, present, weight_sum, raw))


class EveryWeighted:
    """The usual case of a "weighted" policy, prepared once per run: every rater it weighs
    scored once and nobody else did. Then nothing is missing or ignored and the weights'
    sum is always the same, so `Scorer` combines such scores by `mean` without `combine`'s
    checks (same arithmetic: `_weighted_mean`)."""

    __slots__ = ("_policy", "raters", "_sum")

    def __init__(self, policy: RaterPolicy, raters: Sequence[Rater]) -> None:
        self._policy = policy
        #: the raters the policy weighs, in declaration order
        self.raters = list(raters)
        self._sum = math.fsum([policy.weights[r] for r in self.raters])

    @classmethod
    def of(cls, policy: RaterPolicy, raters: Sequence[Rater]) -> EveryWeighted | None:
        """For a "weighted" policy that weighs someone (`raters`: `weighted_raters`); None
        for "highest", or when no weight counts."""
        if policy.mode != "weighted" or not raters:
            return None
        every = cls(policy, raters)
        return every if every._sum > 0 else None

    def mean(self, scores: Mapping[Rater, float]) -> tuple[float, Explanation]:
        """The combined score of one score from each of `raters` (and no other), and how."""
        return _weighted_mean(scores, self._policy, self.raters, self._sum)


def _weighted_words(
    policy: RaterPolicy, present: list[Rater], weight_sum: float, raw: float
) -> tuple[str, str]:
    shares = "/".join(pct(policy.weights[r] / weight_sum) for r in present)
    return f"weighted {shares} → {num(raw)}", f"加权{shares} → {num(raw)}"


def _highest(scores: Mapping[Rater, float], policy: RaterPolicy) -> Combined:
    ignored = tuple(r for r in scores if r not in LEVELS)
    expected = [r for r in LEVELS if policy.weights.get(r, 0.0) > 0] or list(LEVELS)
    decider = next((r for r in LEVELS if r in scores), None)
    if decider is None:
        return Combined(None, tuple(expected), ignored, _NO_SCORE)
    above = LEVELS[: LEVELS.index(decider)]
    missing = tuple(r for r in above if r in expected)
    raw = scores[decider]
    return Combined(raw, missing, ignored, Explanation(make=_highest_words, args=(decider, raw)))


def _highest_words(decider: Rater, raw: float) -> tuple[str, str]:
    en, zh = RATER_TEXT[decider]
    return f"{en} decides → {num(raw)}", f"以{zh}为准 → {num(raw)}"


_NO_SCORE = Explanation("no rater score", "无评分")
