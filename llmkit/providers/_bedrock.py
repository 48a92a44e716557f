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

import json
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from .._chunks import DoneChunk, StreamChunk, Usage
from .._errormap import retry_after_seconds
from .._errors import ConfigError, LLMError
from .._handler import ApiHandler
from .._messages import Message
from .._options import RequestOptions
from ._bedrock_converse import converse_body
from ._bedrock_stream import BedrockStreamParser, error_class, finish, response_chunks, usage_from_wire
from ._bedrock_wire import BedrockResponse
from ._eventstream import EventStreamDecoder
from ._sigv4 import SigV4Signer

PRICED_REGIONS = ("us-east-1",)
"""Source Regions whose on-demand prices llmkit ships (see docs/pricing.md)."""
_KEY_ENV = "AWS_BEARER_TOKEN_BEDROCK"
_ENDPOINT_ENV = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"


class BedrockHandler(ApiHandler):
    """Models on Amazon Bedrock (Claude, Nova, Llama, Mistral, gpt-oss…) through the Converse API."""

    provider_name = "bedrock"
    default_base_url = ""
    env: ClassVar[Mapping[str, str]] = {
        "api_key": _KEY_ENV,
        "base_url": _ENDPOINT_ENV,
        "aws_region": "AWS_REGION",
        "aws_profile": "AWS_PROFILE",
    }
    requires_api_key = False  # SigV4 signs with the AWS credential chain instead
    request_id_headers: ClassVar[tuple[str, ...]] = ("x-amzn-requestid",)
    stream_content_types: ClassVar[tuple[str, ...]] = ("application/vnd.amazon.eventstream",)

    def __init__(self, **settings: Any) -> None:
        region = settings.get("aws_region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        self._signer: SigV4Signer | None = None
        if not (settings.get("api_key") or os.environ.get(_KEY_ENV)):
            profile = settings.get("aws_profile") or os.environ.get("AWS_PROFILE") or None
            self._signer = SigV4Signer(region, profile)  # a ConfigError naming the extra without botocore
            region = self._signer.region
            if not region:
                raise ConfigError("SigV4 signing needs an AWS region: pass aws_region or set AWS_REGION")
        if not (settings.get("base_url") or os.environ.get(_ENDPOINT_ENV)):
            if not region:
                raise ConfigError("provider 'bedrock' needs an AWS region: pass aws_region or set AWS_REGION")
            settings = {**settings, "base_url": f"https://bedrock-runtime.{region}.amazonaws.com"}
        super().__init__(**settings)
        self.region: str | None = region

    def complete_usage(self, usage: Usage, started_at: datetime) -> Usage:
        """Priced only for requests sent to a Region whose prices the table holds: Bedrock bills the
        source Region's price, cross-Region profiles included, and Regions' prices differ."""
        if self.region not in PRICED_REGIONS:
            return usage
        return super().complete_usage(usage, started_at)

    def build_request(self, messages: list[Message], options: RequestOptions, *, stream: bool) -> httpx.Request:
        body = converse_body(self.model_name, messages, options)
        # The model id (``us.amazon.nova-micro-v1:0``, or an ARN) is one path segment: ':' and '/' encoded.
        url = f"{self.settings.base_url}/model/{quote(self.model_name, safe='')}/"
        url += "converse-stream" if stream else "converse"
        headers = self.auth_headers()
        headers["accept"] = self.stream_content_types[0] if stream else "application/json"
        if self.settings.api_key is not None:
            headers["authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        request = self._client.build_request("POST", url, json=body, headers=headers)
        if self._signer is not None:
            self._signer.sign(request)
        return request

    def new_frame_decoder(self) -> EventStreamDecoder:
        return EventStreamDecoder(self.provider_name)

    def new_stream_parser(self, request_id: str | None) -> BedrockStreamParser:
        return BedrockStreamParser(self, request_id)

    def parse_completion(
        self, body: bytes, request_id: str | None
    ) -> tuple[Sequence[StreamChunk], Usage | None, DoneChunk]:
        try:
            response = BedrockResponse.model_validate_json(body)
        except ValidationError as exc:
            raise self.malformed("response", body, exc, request_id) from None
        chunks = response_chunks(response)
        usage = usage_from_wire(response.usage) if response.usage is not None else None
        calls = any(chunk.type == "tool_call" for chunk in chunks)
        return chunks, usage, finish(response.stopReason, calls)

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
