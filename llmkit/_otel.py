"""OpenTelemetry spans for every request, with the GenAI semantic-convention attributes.

Imported only when ``opentelemetry`` is installed (``pip install 'llmkit[otel]'``); without it
llmkit never tries again and pays nothing.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from ._errors import LLMError
from ._hooks import FinishInfo, Hooks, RequestInfo


class OpenTelemetryHooks(Hooks):
    """One ``chat {model}`` client span per call, ended on finish or error."""

    def __init__(self) -> None:
        self._tracer = trace.get_tracer("llmkit")
        self._spans: WeakKeyDictionary[RequestInfo, Span] = WeakKeyDictionary()

    def on_request(self, request: RequestInfo) -> None:
        span = self._tracer.start_span(f"chat {request.model}", kind=SpanKind.CLIENT)
        span.set_attribute("gen_ai.operation.name", "chat")
        span.set_attribute("gen_ai.system", request.provider)
        span.set_attribute("gen_ai.request.model", request.model)
        span.set_attribute("server.address", request.base_url)
        for name in ("max_tokens", "temperature", "top_p"):
            if name in request.options:
                span.set_attribute(f"gen_ai.request.{name}", request.options[name])
        self._spans[request] = span

    def on_finish(self, request: RequestInfo, finish: FinishInfo) -> None:
        span = self._spans.pop(request, None)
        if span is None:
            return
        if request.request_id:
            span.set_attribute("gen_ai.response.id", request.request_id)
        span.set_attribute("gen_ai.response.finish_reasons", [finish.raw_finish_reason or finish.finish_reason])
        if finish.usage is not None:
            span.set_attribute("gen_ai.usage.input_tokens", finish.usage.input_tokens)
            span.set_attribute("gen_ai.usage.output_tokens", finish.usage.output_tokens)
            if finish.usage.cost is not None:
                span.set_attribute("llmkit.cost_usd", str(finish.usage.cost))
        span.end()

    def on_abandon(self, request: RequestInfo) -> None:
        span = self._spans.pop(request, None)
        if span is not None:
            span.set_attribute("llmkit.closed_early", True)
            span.end()

    def on_error(self, request: RequestInfo, error: LLMError) -> None:
        span = self._spans.pop(request, None)
        if span is None:
            return
        span.set_attribute("error.type", type(error).__name__)
        span.set_status(Status(StatusCode.ERROR, error.message))
        span.end()
