"""The priced cases shared by the pricing tests: one usage, priced per provider, model and instant.

Every expected cost is worked out by hand from the per-million prices, written as a literal
with its arithmetic beside it, so a test does not share the code's formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from llmkit import Usage

# The usage every table case prices: 3,000 prompt tokens of which 1,000 were cache hits, and
# 500 completion tokens of which 200 were reasoning. Billed: 2,000 uncached input, 1,000
# cached input, 500 output (reasoning is inside output and not billed again). So the cost is
# (2000·input + 1000·cached + 500·output) / 1,000,000 — below, "2000·0.27 + 1000·0.07 + ...".
# Without a cached price the 1,000 cache hits are input: (3000·input + 500·output) / 1,000,000.
USAGE = Usage(input_tokens=3_000, cache_read_tokens=1_000, output_tokens=500, reasoning_tokens=200)

JUST_BEFORE = "23:59:59.999999"


@dataclass(frozen=True)
class Case:
    provider: str
    model: str
    at: str
    expected: str | None  # USD; None = no price known at that instant

    @property
    def id(self) -> str:
        return f"{self.provider}/{self.model}@{self.at}"


def cases(provider: str, model: str, *pairs: tuple[str, str | None]) -> list[Case]:
    return [Case(provider, model, at, expected) for at, expected in pairs]


def launch(provider: str, model: str, day: str, expected: str) -> list[Case]:
    """No price in the last microsecond before ``day`` (UTC), ``expected`` from its first."""
    before = (datetime.fromisoformat(day) - timedelta(microseconds=1)).isoformat()
    return cases(provider, model, (before, None), (day + "T00:00", expected))


FW = "accounts/fireworks/models/"

# The providers added with issue #18 (rows in llmkit/pricing/_rows_<provider>.py).
CATALOG_CASES = [
    # Groq
    *launch("groq", "openai/gpt-oss-120b", "2025-08-06", "0.000675"),  # 2000·0.15 + 1000·0.075 + 500·0.60 = 675
    *launch("groq", "openai/gpt-oss-20b", "2025-08-06", "0.0003375"),  # 150 + 37.5 + 150 = 337.5
    *launch("groq", "llama-3.3-70b-versatile", "2025-08-12", "0.002165"),  # 3000·0.59 + 500·0.79 = 1770 + 395
    *launch("groq", "llama-3.1-8b-instant", "2025-08-12", "0.00019"),  # 3000·0.05 + 500·0.08 = 150 + 40
    # Mistral, and its -latest names from the day they are known
    *launch("mistral", "mistral-large-2512", "2026-06-09", "0.0018"),  # 2000·0.5 + 1000·0.05 + 500·1.5 = 1800
    *launch("mistral", "mistral-large-latest", "2026-06-09", "0.0018"),
    *launch("mistral", "mistral-small-2603", "2026-06-09", "0.000615"),  # 300 + 15 + 300 = 615
    *launch("mistral", "mistral-small-latest", "2026-06-09", "0.000615"),
    *launch("mistral", "codestral-2508", "2026-06-09", "0.00108"),  # 600 + 30 + 450 = 1080
    *launch("mistral", "codestral-latest", "2026-06-09", "0.00108"),
    *launch("mistral", "ministral-3b-2512", "2026-06-09", "0.00026"),  # 200 + 10 + 50 = 260
    # xAI
    *launch("xai", "grok-4.5", "2026-07-08", "0.0075"),  # 2000·2 + 1000·0.5 + 500·6 = 4000 + 500 + 3000
    *launch("xai", "grok-4.3", "2026-05-12", "0.00395"),  # 2500 + 200 + 1250 = 3950
    *launch("xai", "grok-4-0709", "2025-07-12", "0.01425"),  # 6000 + 750 + 7500 = 14250
    *launch("xai", "grok-4", "2025-07-12", "0.01425"),
    *cases("xai", "grok-4-latest", ("2026-01-01T00:00", "0.01425")),
    *launch("xai", "grok-4-1-fast-reasoning", "2026-01-19", "0.0007"),  # 400 + 50 + 250 = 700
    *launch("xai", "grok-4-1-fast-non-reasoning", "2026-01-19", "0.0007"),
    *launch("xai", "grok-code-fast-1", "2025-09-05", "0.00117"),  # 400 + 20 + 750 = 1170
    # Together (no cached prices: the 1,000 cache hits bill as input)
    *launch("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "2025-07-03", "0.00308"),  # 2640 + 440
    *launch("together", "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "2025-07-03", "0.001235"),  # 810+425
    *launch("together", "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", "2025-07-03", "0.00063"),  # 540 + 90
    *launch("together", "openai/gpt-oss-120b", "2025-09-05", "0.00075"),  # 450 + 300
    # Fireworks
    *launch("fireworks", FW + "deepseek-v4-pro", "2026-06-24", "0.005365"),  # 3480 + 145 + 1740 = 5365
    *launch("fireworks", FW + "deepseek-v4-flash", "2026-08-04", "0.000448"),  # 280 + 28 + 140 = 448
    *launch("fireworks", FW + "kimi-k3", "2026-08-04", "0.0138"),  # 6000 + 300 + 7500 = 13800
    *launch("fireworks", FW + "gpt-oss-120b", "2026-08-04", "0.000614"),  # 300 + 14 + 300 = 614
    *cases("fireworks", "deepseek-v4-pro", ("2026-10-01T00:00", None)),  # Fireworks ids carry their account
    # Cerebras
    *launch("cerebras", "gpt-oss-120b", "2025-11-06", "0.001425"),  # 3000·0.35 + 500·0.75 = 1050 + 375
    *launch("cerebras", "llama-3.3-70b", "2025-11-07", "0.00315"),  # 2550 + 600
    *launch("cerebras", "llama3.1-8b", "2025-11-07", "0.00035"),  # 300 + 50
    # Z.ai
    *launch("zai", "glm-5.3", "2026-08-19", "0.00526"),  # 2000·1.4 + 1000·0.26 + 500·4.4 = 2800 + 260 + 2200
    *launch("zai", "glm-5.2", "2026-08-04", "0.00526"),
    *launch("zai", "glm-4.5-air", "2025-07-28", "0.00098"),  # 400 + 30 + 550 = 980
    *cases("zai", "GLM-4.5-Air", ("2026-01-01T00:00", "0.00098")),  # names compare without case
    # Crusoe
    *launch("crusoe", "deepseek-ai/DeepSeek-V4-Pro", "2026-09-20", "0.00537"),  # 3480 + 150 + 1740 = 5370
    *launch("crusoe", "openai/gpt-oss-120b", "2026-09-20", "0.00025"),  # 100 + 50 + 100 = 250
    # Azure OpenAI Data Zone / Regional deployments (1.1 x Global)
    *launch("azure-data-zone", "gpt-4o-2024-08-06", "2025-09-05", "0.012375"),  # 5500 + 1375 + 5500
    *launch("azure-data-zone", "gpt-4o", "2025-09-05", "0.012375"),
    *launch("azure-data-zone", "gpt-4o-mini-2024-07-18", "2025-09-05", "0.000743"),  # 330 + 83 + 330 = 743
    *cases("azure-data-zone", "gpt-4o-mini", ("2026-01-01T00:00", "0.000743")),
    *launch("azure-data-zone", "o3-mini-2025-01-31", "2025-09-05", "0.005445"),  # 2420 + 605 + 2420 = 5445
    *cases("azure-data-zone", "o3-mini", ("2026-01-01T00:00", "0.005445")),
    *launch("azure-data-zone", "o1-2024-12-17", "2025-09-05", "0.07425"),  # 33000 + 8250 + 33000 = 74250
    *cases("azure-data-zone", "o1", ("2026-01-01T00:00", "0.07425")),
    # Azure AI Foundry Models (no cached prices)
    *launch("azure-foundry", "DeepSeek-R1", "2025-09-05", "0.00675"),  # 3000·1.35 + 500·5.4 = 4050 + 2700
    *launch("azure-foundry", "DeepSeek-V3-0324", "2025-09-05", "0.0057"),  # 3420 + 2280
    *launch("azure-foundry", "Llama-3.3-70B-Instruct", "2025-09-05", "0.002485"),  # 2130 + 355
    *launch("azure-foundry", "Phi-4-mini-instruct", "2025-09-05", "0.000375"),  # 225 + 150
    # Handlers that bill at another provider's rows, by the name a user types
    *cases("gemini", "gemini-2.5-flash", ("2026-01-01T00:00", "0.00188")),  # 600 + 30 + 1250, as google
    *cases("azure", "gpt-4o", ("2026-01-01T00:00", "0.01125")),  # 5000 + 1250 + 5000, as openai (Global)
]
