"""Where the rows of the ``_rows_<provider>`` modules were read, written once.

No provider's own page was reachable where these rows were checked (2026-12-04): each row says
which secondary source it was read in, so a reader knows what to re-check against the source URL.
"""

from __future__ import annotations

CHECKED_ON = "2026-12-04"
"""The day the ``_rows_<provider>`` rows were read; a row re-checked later carries its own date."""

SECONDARY = "secondary source only, the provider's page was not reachable where this row was checked: "


def genai(provider_file: str, checked: str) -> str:
    """A row read in pydantic/genai-prices' data for one provider."""
    return f"pydantic/genai-prices prices/providers/{provider_file}.yml @47df840 (its prices_checked {checked})"


LITELLM = (
    "BerriAI/litellm model_prices_and_context_window.json as copied in AgentOps-AI/tokencost "
    "tokencost/model_prices.json @e7f7c19 (2025-09-05)"
)
FIRST_SEEN = " valid_from is the earliest day a source read here shows this price, not the launch day (unknown here)."
LIMITS_LITELLM = "limits and capabilities from " + LITELLM
