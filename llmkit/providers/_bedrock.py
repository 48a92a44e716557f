"""AWS Bedrock's Converse API: ``POST /model/{modelId}/converse-stream`` (or ``/converse``).

Two ways to authenticate, as AWS users expect: a Bedrock API key (``api_key`` or
``AWS_BEARER_TOKEN_BEDROCK``) sent as a bearer token, or, without one, SigV4 signatures made with
the standard AWS credential chain through botocore (``llmkit[bedrock]``, see ``_sigv4``).

The endpoint is ``https://bedrock-runtime.{region}.amazonaws.com``, the region from
``aws_region``, ``AWS_REGION`` or ``AWS_DEFAULT_REGION`` (with SigV4 also the profile's own);
``base_url`` (or ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``) replaces it. The conversation is translated
in ``_bedrock_converse``, frames are cut by ``_eventstream`` and read by ``_bedrock_stream``.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from .._accounting import Settlement
from .._adapter import ParseContext, Parsed, WireAdapter
from .._config import Settings
from .._conversation import Message
from .._errormap import retry_after_seconds
from .._errors import ConfigError, LLMError
from .._handler import ApiHandler
from .._lazy import publish
from .._options import RequestOptions
from ._bedrock_converse import OPTION_WIRE, converse_body
from ._bedrock_stream import BedrockStreamParser, error_class, finish, response_chunks, usage_from_wire
from ._bedrock_wire import BedrockResponse
from ._eventstream import EventStreamDecoder
from ._sigv4 import SigV4Signer

__all__ = [
    "BedrockAdapter",
    "BedrockHandler",
]

PRICED_REGIONS = ("us-east-1",)
"""Source Regions whose on-demand prices llmkit ships (see docs/pricing.md)."""
_KEY_ENV = "AWS_BEARER_TOKEN_BEDROCK"
_ENDPOINT_ENV = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"


class BedrockAdapter(WireAdapter):
    """The Converse dialect: binary event-stream frames, a Bedrock API key or SigV4 signatures."""

    option_wire: ClassVar[Mapping[str, str | None]] = OPTION_WIRE
    option_refusals: ClassVar[Mapping[str, str]] = {
        "prompt_cache_key": "Bedrock caches what the conversation marks: see docs/options.md (prompt caching)",
    }
    request_id_headers: ClassVar[tuple[str, ...]] = ("x-amzn-requestid",)
    stream_content_types: ClassVar[tuple[str, ...]] = ("application/vnd.amazon.eventstream",)
    accept = "application/vnd.amazon.eventstream"

    def __init__(self, settings: Settings, provider: str) -> None:
        super().__init__(settings, provider)
        # Without a key, requests are signed with the AWS credential chain (a ConfigError naming the
        # extra when botocore is missing).
        self._signer = SigV4Signer(settings.aws_region, settings.aws_profile) if settings.api_key is None else None

    async def refresh_credentials(self) -> None:
        # The credential chain may read files or ask the instance metadata service: off the event
        # loop, so that signing in build_request finds them resolved (botocore refreshes them later).
        if self._signer is not None:
            await asyncio.to_thread(self._signer.resolve)

    def build_request(
        self, conversation: list[Message], options: RequestOptions, *, model: str, stream: bool
    ) -> httpx.Request:
        self.refuse_unsupported(options)
        body = converse_body(model, conversation, options)
        # The model id (``us.amazon.nova-micro-v1:0``, or an ARN) is one path segment: ':' and '/' encoded.
        url = f"{self.settings.base_url}/model/{quote(model, safe='')}/"
        url += "converse-stream" if stream else "converse"
        headers = self.base_headers()
        if not stream:
            headers["accept"] = "application/json"
        if self.settings.api_key is not None:
            headers["authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        request = self.post(url, body, headers)
        if self._signer is not None:
            self._signer.sign(request)
        return request

    def new_frame_decoder(self) -> EventStreamDecoder:
        return EventStreamDecoder(self.provider_name)

    def new_stream_parser(self, context: ParseContext) -> BedrockStreamParser:
        return BedrockStreamParser(self, context)

    def parse_completion(self, body: bytes, context: ParseContext) -> Parsed:
        try:
            response = BedrockResponse.model_validate_json(body)
        except ValidationError as exc:
            raise self.malformed("response", body, exc, context.request_id) from None
        chunks = response_chunks(response)
        usage = usage_from_wire(response.usage) if response.usage is not None else None
        calls = any(chunk.type == "tool_call" for chunk in chunks)
        return Parsed(chunks, usage, finish(response.stopReason, calls))

    def error_from_response(self, response: httpx.Response, body: bytes) -> LLMError:
        """AWS names the error in ``x-amzn-errortype`` (``Type:namespace``); the body is ``{"message"}``."""
        text = self.redact(body.decode("utf-8", "replace"))
        try:
            payload = json.loads(text)
        except ValueError:
            payload = None
        message = None
        if isinstance(payload, dict):
            message = payload.get("message") or payload.get("Message")
        if not isinstance(message, str):
            message = text.strip()[:300] or "(empty body)"
        error_type = response.headers.get("x-amzn-errortype", "").partition(":")[0] or None
        cls = error_class(error_type, response.status_code, message)
        return cls(
            message,
            provider=self.provider_name,
            status_code=response.status_code,
            request_id=self.request_id_of(response),
            error_type=error_type,
            body=text,
            retry_after=retry_after_seconds(response.headers),
        )


class BedrockHandler(ApiHandler):
    """Models on Amazon Bedrock (Claude, Nova, Llama, Mistral, gpt-oss…) through the Converse API."""

    provider_name = "bedrock"
    adapter = BedrockAdapter
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {
        "api_key": _KEY_ENV,
        "base_url": _ENDPOINT_ENV,
        "aws_region": "AWS_REGION",
        "aws_profile": "AWS_PROFILE",
    }
    requires_api_key = False  # SigV4 signs with the AWS credential chain instead

    def __init__(self, **settings: Any) -> None:
        region = settings.get("aws_region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if not region and not (settings.get("api_key") or os.environ.get(_KEY_ENV)):
            profile = settings.get("aws_profile") or os.environ.get("AWS_PROFILE") or None
            region = SigV4Signer(None, profile).region  # the profile's own region, if it has one
            if not region:
                raise ConfigError("SigV4 signing needs an AWS region: pass aws_region or set AWS_REGION")
        if not (settings.get("base_url") or os.environ.get(_ENDPOINT_ENV)):
            if not region:
                raise ConfigError("provider 'bedrock' needs an AWS region: pass aws_region or set AWS_REGION")
            settings = {**settings, "base_url": f"https://bedrock-runtime.{region}.amazonaws.com"}
        super().__init__(**{**settings, "aws_region": region})
        self.region: str | None = region

    def _settlement(self, model: str) -> Settlement:
        """Bedrock bills the source Region's price (cross-Region profiles included), and Regions'
        prices differ: outside the Regions the table holds, prices are looked up under
        ``bedrock/<region>``, where only a price the caller registered is found."""
        settlement = super()._settlement(model)
        if self.region in PRICED_REGIONS:
            return settlement
        return Settlement(f"{settlement.provider}/{self.region}", model, has_price_list=False, ledger=settlement.ledger)


publish(globals(), "llmkit")
