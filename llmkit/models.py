"""What llmkit knows about a provider's model at a time: price, limits, capabilities, and dates.

::

    from llmkit.models import model_info

    info = model_info("openai", "gpt-4o")
    info.context_window, info.max_output_tokens   # (128000, 16384)
    info.price                                    # Price(input=Decimal('2.50'), ...)
    info.price_checked_on                         # the day that price row was last checked

``model_info`` answers from the catalog shipped with llmkit (read on first use, never at import)
and from rows registered at runtime (``llmkit.pricing.register_price``), which win. It returns
``None`` when llmkit knows neither a price nor facts for the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from . import pricing
from ._errors import ContextWindowExceededError
from .pricing import Price, PriceQuote
from .pricing._index import _SNAPSHOT_SUFFIX, key, shipped
from .pricing._types import ModelFacts

__all__ = [
    "ModelFacts",
    "ModelInfo",
    "model_info",
]


@dataclass(frozen=True)
class ModelInfo:
    """One model of one provider at one instant: its price row (if any) and its facts (if any)."""

    provider: str
    model: str
    at: datetime
    quote: PriceQuote | None
    """The price row in force at ``at`` and how the name led to it; ``None`` when no price is known."""
    facts: ModelFacts | None
    """Limits and capabilities; ``None`` when not known."""

    @property
    def price(self) -> Price | None:
        """USD per million tokens in force at ``at`` (time-of-day rule applied)."""
        return None if self.quote is None else self.quote.price

    @property
    def context_window(self) -> int | None:
        return None if self.facts is None else self.facts.context_window

    @property
    def max_output_tokens(self) -> int | None:
        return None if self.facts is None else self.facts.max_output

    @property
    def input_modalities(self) -> tuple[str, ...]:
        return () if self.facts is None else self.facts.inputs

    @property
    def supports_reasoning(self) -> bool | None:
        return None if self.facts is None else self.facts.reasoning

    @property
    def supports_tools(self) -> bool | None:
        return None if self.facts is None else self.facts.tools

    @property
    def source(self) -> str:
        """The page that publishes the price (or, without a price, the facts)."""
        if self.quote is not None:
            return self.quote.row.source
        return "" if self.facts is None else self.facts.source

    @property
    def price_checked_on(self) -> date | None:
        """The day the price row was last compared with its source (``None``: registered at runtime)."""
        return None if self.quote is None else self.quote.row.checked_on

    @property
    def facts_checked_on(self) -> date | None:
        return None if self.facts is None else self.facts.checked_on

    def cost_per_million(self) -> tuple[Decimal, Decimal] | None:
        """Input and output USD per million tokens, or ``None`` without a price."""
        return None if self.price is None else (self.price.input, self.price.output)


def model_info(provider: str, model: str, at: datetime | None = None) -> ModelInfo | None:
    """What llmkit knows about ``model`` on ``provider`` at ``at`` (timezone-aware; default now).

    ``provider`` is a handler's provider name (``"openai"``, ``"groq"``, ``"gemini"``…); aliases,
    dated snapshots and ``-latest`` names resolve as they do for prices. ``None`` when llmkit
    knows neither a price nor facts for it.
    """
    instant = pricing._instant(at)
    quote = pricing.quote(provider, model, instant)
    facts = _facts_for(provider, model, quote)
    if quote is None and facts is None:
        return None
    return ModelInfo(provider=provider, model=model, at=instant, quote=quote, facts=facts)


def _facts_for(provider: str, model: str, quote: PriceQuote | None) -> ModelFacts | None:
    """The facts of the first of the names the price lookup walked (without a price: the name,
    then the name without its snapshot date), under the provider or the one whose rows price it."""
    table = shipped()
    # A snapshot with a price row of its own is its own model (gpt-4o-2024-05-13 wrote less than
    # gpt-4o does): the name without its date is tried only when the price lookup did so too.
    names = [model, *quote.route] if quote is not None else [model, _SNAPSHOT_SUFFIX.sub("", model.strip())]
    name = key(provider, model)[0]
    owners = [name, *([table.provider_aliases[name]] if name in table.provider_aliases else [])]
    for owner in owners:
        for candidate in names:
            found = table.facts.get(key(owner, candidate))
            if found is not None:
                return found
    return None


def check_output_limit(provider: str, model: str, max_tokens: int) -> None:
    """Refuse, before anything is sent, a request asking for more output than ``model`` can give.

    Only a limit two sources agree on (``ModelFacts.hard_limit``) refuses: an uncertain figure
    must never block a call the provider would accept.
    """
    info = model_info(provider, model)
    facts = None if info is None else info.facts
    if facts is None or not facts.hard_limit or facts.max_output is None or max_tokens <= facts.max_output:
        return
    raise ContextWindowExceededError(
        f"max_tokens={max_tokens} is more than {model} can write in one answer ({facts.max_output} tokens); "
        f"ask for at most {facts.max_output}",
        provider=provider,
        param="max_tokens",
    )
