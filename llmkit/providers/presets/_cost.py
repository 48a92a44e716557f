"""Usage objects that carry the provider's own price of the request (OpenRouter, Perplexity)."""

from __future__ import annotations

from decimal import Decimal
from typing import Union

from pydantic import BaseModel

from .._openai_wire import WireChunk, WireUsage


class WireCostBreakdown(BaseModel):
    """A cost given as an object; ``total_cost`` includes per-request fees."""

    total_cost: Decimal | None = None


class WireCostDetails(BaseModel):
    upstream_inference_cost: Decimal | None = None


class CostUsage(WireUsage):
    cost: Union[Decimal, WireCostBreakdown, None] = None
    cost_details: WireCostDetails | None = None
    is_byok: bool | None = None

    def reported_cost(self) -> Decimal | None:
        """The provider's total price in USD, or ``None`` if it gave none."""
        cost = self.cost
        if isinstance(cost, WireCostBreakdown):
            return cost.total_cost
        if cost is None:
            return None
        # Bring-your-own-key: the provider bills its fee, the upstream bills the inference.
        upstream = self.cost_details.upstream_inference_cost if self.cost_details is not None else None
        if self.is_byok and upstream is not None:
            return cost + upstream
        return cost


class CostChunk(WireChunk):
    usage: CostUsage | None = None
