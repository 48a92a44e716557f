"""The options a call accepts, in one neutral shape that each adapter translates to its wire.

Options are checked here once (types and ranges); what a provider cannot do is refused by its
adapter with ``InvalidRequestError``, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from pydantic import BaseModel

from ._conversation import CacheMark, CacheTtl, cache_ttl
from ._errors import InvalidRequestError
from ._lazy import publish
from ._schema import strict_schema

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._completion import ToolCall


__all__ = [
    "CallOptions",
    "ResponseFormat",
    "Tool",
]

ReasoningEffort = Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"]
_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
ServiceTier = Literal["auto", "default", "flex", "priority"]
_TIERS = ("auto", "default", "flex", "priority")
Verbosity = Literal["low", "medium", "high"]
_VERBOSITIES = ("low", "medium", "high")

BODY_OPTIONS = (
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
    "max_tokens",
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "stop",
    "seed",
    "reasoning_effort",
    "verbosity",
    "logprobs",
    "top_logprobs",
    "user",
    "metadata",
    "service_tier",
    "prompt_cache_key",
)
"""The options each adapter translates into its request body, or refuses (``WireAdapter.option_wire``).

The rest (``model``, ``timeout``, ``extra_headers``, ``extra_body``) mean the same on every adapter."""


@dataclass(frozen=True)
class Tool:
    """A function the model may call: its name, what it does, and a JSON schema of its arguments.

    ``Tool.from_function(fn)`` and ``Tool.from_model(Model)`` build one from Python; such a tool
    also validates the model's calls (``validate_arguments``) and runs them (``call``, ``acall``).
    """

    name: str
    description: str = ""
    parameters: Mapping[str, Any] | None = None
    strict: bool | None = None
    cache: CacheMark = False
    """Mark the tool list, up to and including this tool, for the prompt cache (``True`` or
    ``{"ttl": "1h"}``); put it on the last tool. See docs/options.md (prompt caching)."""

    def cache_ttl(self) -> CacheTtl | None:
        """The lifetime this tool's cache mark asks for, or ``None`` when it has none."""
        return cache_ttl(self.cache, f"tool {self.name!r}")

    function: Callable[..., Any] | None = field(default=None, repr=False, compare=False)
    """The Python function ``call`` runs, for a tool made by ``from_function``."""
    arguments_model: type[BaseModel] | None = field(default=None, repr=False, compare=False)
    """The pydantic model the arguments are validated with, for a tool made from Python."""

    def parameters_schema(self) -> dict[str, Any]:
        """The arguments' JSON schema; an empty object schema for a tool that takes none."""
        return dict(self.parameters) if self.parameters is not None else {"type": "object", "properties": {}}

    @classmethod
    def from_function(
        cls,
        function: Callable[..., Any],
        *,
        name: str | None = None,
        description: str | None = None,
        strict: bool | None = None,
    ) -> Tool:
        """A tool that runs ``function``: named after it, described by its docstring.

        The parameters' schema comes from the signature's type annotations (through pydantic),
        their descriptions from the docstring's parameter section (Google, NumPy or Sphinx
        style). ``strict=True`` sends the schema in the strict form (see ``strict_schema``).
        ``*args`` and ``**kwargs`` cannot be described to a model and raise ``TypeError``.
        """
        from ._tools import function_tool

        return cls(**function_tool(function, name=name, description=description, strict=strict)._asdict())

    @classmethod
    def from_model(
        cls,
        model: type[BaseModel],
        *,
        name: str | None = None,
        description: str | None = None,
        strict: bool | None = None,
    ) -> Tool:
        """A tool whose arguments are ``model``: named after the class, described by its docstring."""
        from ._tools import model_tool

        return cls(**model_tool(model, name=name, description=description, strict=strict)._asdict())

    def validate_arguments(self, call: ToolCall | str | Mapping[str, Any]) -> Any:
        """The call's arguments, validated: the function's keyword arguments as a dict for a tool
        made from a function, an instance of the model for one made from a model, the parsed
        JSON object otherwise. Arguments that do not fit raise ``ToolArgumentsError``, whose
        ``message`` can go back to the model as the tool's result."""
        from ._tools import validate_arguments

        return validate_arguments(self, call)

    def call(self, call: ToolCall | str | Mapping[str, Any]) -> Any:
        """Run the function on the call's validated arguments and return what it returns (for
        an ``async def`` function, the coroutine: await it, or use ``acall``)."""
        from ._tools import call_tool

        return call_tool(self, call)

    async def acall(self, call: ToolCall | str | Mapping[str, Any]) -> Any:
        """``call``, awaited when the function is asynchronous."""
        from ._tools import acall_tool

        return await acall_tool(self, call)


@dataclass(frozen=True)
class ResponseFormat:
    """Structured output: ``json`` (any JSON object) or a JSON schema, maybe from a pydantic model."""

    kind: Literal["json", "json_schema"]
    schema: Mapping[str, Any] | None = None
    name: str = "response"
    strict: bool = True
    model: type[BaseModel] | None = None


@dataclass(frozen=True)
class RequestOptions:
    """Every option of ``create_message`` / ``complete``, checked; ``None`` means not given."""

    tools: tuple[Tool, ...] = ()
    tool_choice: str | None = None
    """``"auto"``, ``"none"``, ``"required"``, or the name of one tool the model must call."""
    response_format: ResponseFormat | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] | None = None
    seed: int | None = None
    reasoning_effort: ReasoningEffort | None = None
    user: str | None = None
    parallel_tool_calls: bool | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    metadata: Mapping[str, str] | None = None
    """Key-value pairs for the provider's logs (abuse tracking, cost attribution)."""
    service_tier: ServiceTier | None = None
    """``flex`` (cheaper, slower), ``priority`` (faster, dearer), ``default`` or ``auto``: the response's
    tier is on ``Usage.service_tier`` and priced."""
    verbosity: Verbosity | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    prompt_cache_key: str | None = None
    extra_body: Mapping[str, Any] | None = None
    model: str | None = None
    """The model of this call, instead of the handler's ``model_name``."""
    timeout: float | None = None
    """This call's overall timeout in seconds, instead of the handler's."""
    extra_headers: Mapping[str, str] | None = None

    def given(self) -> list[str]:
        """Names of the options the caller set."""
        if self is _NO_OPTIONS:
            return []
        return [name for name in _OPTION_NAMES if getattr(self, name) not in (None, ())]

    def summary(self) -> dict[str, Any]:
        """The options set, for logs and hooks: tools by name, schemas by name, no extra bodies."""
        summary: dict[str, Any] = {}
        for name in self.given():
            value = getattr(self, name)
            if name == "tools":
                value = [tool.name for tool in value]
            elif name == "response_format":
                value = value.name if value.kind == "json_schema" else "json"
            elif name in ("extra_body", "extra_headers", "metadata"):
                value = sorted(value)
            summary[name] = value
        return summary


_OPTION_NAMES = tuple(f.name for f in fields(RequestOptions))
_NO_OPTIONS = RequestOptions()


class CallOptions(TypedDict, total=False):
    """The keyword-only options of ``create_message`` and ``complete``, as the caller gives them."""

    tools: Sequence[Tool | Mapping[str, Any]] | None
    tool_choice: str | Mapping[str, Any] | None
    response_format: Any
    max_tokens: int | None
    temperature: float | None
    top_p: float | None
    stop: str | Sequence[str] | None
    seed: int | None
    reasoning_effort: str | None
    user: str | None
    parallel_tool_calls: bool | None
    frequency_penalty: float | None
    presence_penalty: float | None
    metadata: Mapping[str, str] | None
    service_tier: str | None
    verbosity: str | None
    logprobs: bool | None
    top_logprobs: int | None
    prompt_cache_key: str | None
    extra_body: Mapping[str, Any] | None
    model: str | None
    timeout: float | None
    extra_headers: Mapping[str, str] | None


def build_options(**options: Unpack[CallOptions]) -> RequestOptions:
    """Check the caller's options once; unknown names are refused with the valid ones."""
    if not options:
        return _NO_OPTIONS  # most calls give none: nothing to check
    unknown = sorted(set(options) - set(CallOptions.__annotations__))
    if unknown:
        valid = ", ".join(CallOptions.__annotations__)
        raise InvalidRequestError(f"unknown option(s) {', '.join(map(repr, unknown))}; valid options: {valid}")
    tools = options.get("tools")
    checked_tools = tuple(_tool(position, t) for position, t in enumerate(tools or ()))
    if options.get("parallel_tool_calls") is not None and not checked_tools:
        raise InvalidRequestError("parallel_tool_calls needs tools")
    logprobs = _flag("logprobs", options.get("logprobs")) or None  # False asks for nothing: as if not given
    top_logprobs = _whole("top_logprobs", options.get("top_logprobs"), minimum=0)
    if top_logprobs is not None:
        if top_logprobs > 20:
            raise InvalidRequestError(f"top_logprobs must be a whole number from 0 to 20, got {top_logprobs}")
        if not logprobs:
            raise InvalidRequestError("top_logprobs needs logprobs=True")
    return RequestOptions(
        tools=checked_tools,
        tool_choice=_tool_choice(options.get("tool_choice"), checked_tools),
        response_format=_response_format(options.get("response_format")),
        max_tokens=_whole("max_tokens", options.get("max_tokens"), minimum=1),
        temperature=_number("temperature", options.get("temperature"), 0, 2),
        top_p=_number("top_p", options.get("top_p"), 0, 1),
        stop=_stop(options.get("stop")),
        seed=_whole("seed", options.get("seed"), minimum=None),
        reasoning_effort=_effort(options.get("reasoning_effort")),
        user=_text("user", options.get("user")),
        parallel_tool_calls=_flag("parallel_tool_calls", options.get("parallel_tool_calls")),
        frequency_penalty=_number("frequency_penalty", options.get("frequency_penalty"), -2, 2),
        presence_penalty=_number("presence_penalty", options.get("presence_penalty"), -2, 2),
        metadata=_metadata(options.get("metadata")),
        service_tier=_choice("service_tier", options.get("service_tier"), _TIERS),
        verbosity=_choice("verbosity", options.get("verbosity"), _VERBOSITIES),
        logprobs=logprobs,
        top_logprobs=top_logprobs,
        prompt_cache_key=_text("prompt_cache_key", options.get("prompt_cache_key")),
        extra_body=_mapping("extra_body", options.get("extra_body")),
        model=_model(options.get("model")),
        timeout=_timeout(options.get("timeout")),
        extra_headers=_headers(options.get("extra_headers")),
    )


def _tool(position: int, tool: Tool | Mapping[str, Any]) -> Tool:
    if isinstance(tool, Tool):
        tool.cache_ttl()  # a bad mark is refused here, before anything is sent
        return tool
    if not isinstance(tool, Mapping):
        raise InvalidRequestError(f"tools[{position}] must be a Tool or a dict, got a {type(tool).__name__}")
    # Also accept the OpenAI wire form {"type": "function", "function": {...}}.
    spec = tool.get("function", tool) if tool.get("type") == "function" else tool
    name = spec.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidRequestError(f"tools[{position}] needs a 'name'")
    parameters = spec.get("parameters", spec.get("input_schema"))
    if parameters is not None and not isinstance(parameters, Mapping):
        raise InvalidRequestError(f"tools[{position}].parameters must be a JSON schema dict")
    checked = Tool(
        name=name,
        description=spec.get("description") or "",
        parameters=parameters,
        strict=spec.get("strict"),
        cache=tool.get("cache", False),
    )
    checked.cache_ttl()  # a bad mark is refused here, before anything is sent
    return checked


def _tool_choice(choice: str | Mapping[str, Any] | None, tools: tuple[Tool, ...]) -> str | None:
    if choice is None:
        return None
    if isinstance(choice, Mapping):  # the OpenAI wire form
        choice = (choice.get("function") or {}).get("name") or choice.get("name")
    if not isinstance(choice, str) or not choice:
        raise InvalidRequestError("tool_choice must be 'auto', 'none', 'required' or the name of a tool")
    if choice in ("auto", "none", "required"):
        if choice != "none" and not tools:
            raise InvalidRequestError(f"tool_choice={choice!r} needs tools")
        return choice
    if choice not in {t.name for t in tools}:
        names = ", ".join(t.name for t in tools) or "none given"
        raise InvalidRequestError(f"tool_choice names {choice!r}, which is not among the tools ({names})")
    return choice


def _response_format(value: Any) -> ResponseFormat | None:
    if value is None or isinstance(value, ResponseFormat):
        return value
    if value in ("json", "json_object", {"type": "json_object"}):
        return ResponseFormat(kind="json")
    if isinstance(value, type) and issubclass(value, BaseModel):
        schema = strict_schema(value.model_json_schema())
        return ResponseFormat(kind="json_schema", schema=schema, name=value.__name__, model=value)
    if isinstance(value, Mapping):
        if value.get("type") == "json_schema":  # the OpenAI wire form
            spec = value.get("json_schema") or {}
            return ResponseFormat(
                kind="json_schema",
                schema=spec.get("schema"),
                name=spec.get("name", "response"),
                strict=spec.get("strict", True),
            )
        if "type" in value or "properties" in value:  # a bare JSON schema
            return ResponseFormat(kind="json_schema", schema=value)
    raise InvalidRequestError(
        f"response_format must be 'json', a JSON schema dict, or a pydantic model class, got {value!r:.80}"
    )


def _whole(name: str, value: Any, *, minimum: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or (minimum is not None and value < minimum):
        bound = f" >= {minimum}" if minimum is not None else ""
        raise InvalidRequestError(f"{name} must be a whole number{bound}, got {value!r}")
    return value


def _number(name: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidRequestError(f"{name} must be a number from {low} to {high}, got {value!r}")
    return float(value)


def _stop(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    stops = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, Sequence) else None
    if not stops or not all(isinstance(s, str) and s for s in stops) or len(stops) > 4:
        raise InvalidRequestError(f"stop must be a non-empty string or a list of 1 to 4 of them, got {value!r}")
    return stops


def _effort(value: Any) -> ReasoningEffort | None:
    if value is None:
        return None
    if value not in _EFFORTS:
        raise InvalidRequestError(f"reasoning_effort must be one of {', '.join(_EFFORTS)}, got {value!r}")
    effort: ReasoningEffort = value
    return effort


def _flag(name: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidRequestError(f"{name} must be True or False, got {value!r}")


def _choice(name: str, value: Any, valid: tuple[str, ...]) -> Any:
    if value is None or value in valid:
        return value
    raise InvalidRequestError(f"{name} must be one of {', '.join(valid)}, got {value!r}")


def _metadata(value: Any) -> Mapping[str, str] | None:
    if value is None:
        return None
    if (
        not isinstance(value, Mapping)
        or len(value) > 16
        or not all(isinstance(k, str) and k and isinstance(v, str) for k, v in value.items())
    ):
        raise InvalidRequestError("metadata must be a dict of up to 16 string keys to string values")
    return dict(value)


def _text(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidRequestError(f"{name} must be a string, got a {type(value).__name__}")


def _mapping(name: str, value: Any) -> Mapping[str, Any] | None:
    if value is None or isinstance(value, Mapping):
        return value
    raise InvalidRequestError(f"{name} must be a dict of extra request fields, got a {type(value).__name__}")


def _model(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(f"model must be a non-empty string, got {value!r}")
    return value.strip()


def _timeout(value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise InvalidRequestError(f"timeout must be a positive number of seconds, got {value!r}")
    return float(value)


def _headers(value: Any) -> Mapping[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidRequestError("extra_headers must be a dict of header names to string values")
    return dict(value)


publish(globals(), "llmkit")
