"""Tools made from Python functions and pydantic models, and tool calls validated back into them.

``Tool.from_function(fn)`` reads the function's name, its docstring (the description, and each
parameter's in Google, NumPy or Sphinx style) and its signature, which becomes a pydantic model
whose JSON schema is the tool's parameters. A call the model makes is validated by that same
model, so ``tool.call(tool_call)`` hands the function its own types (a nested pydantic model, an
``int`` from ``"3"``…); arguments that do not fit raise ``ToolArgumentsError``, whose ``message``
says what is wrong in words the model can act on when it is sent back as the tool's result.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ._docstring import parse_docstring
from ._errors import ToolArgumentsError
from ._schema import strict_schema

if TYPE_CHECKING:
    from ._completion import ToolCall

_UNDESCRIBED = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


class ToolSpec(NamedTuple):
    """What ``Tool`` is made of, read from a function or a model."""

    name: str
    description: str
    parameters: dict[str, Any]
    strict: bool | None
    function: Callable[..., Any] | None
    arguments_model: type[BaseModel]


class ToolLike(Protocol):
    """What validating and calling need of a ``Tool`` (this module does not import it)."""

    @property
    def name(self) -> str: ...
    @property
    def function(self) -> Callable[..., Any] | None: ...
    @property
    def arguments_model(self) -> type[BaseModel] | None: ...


def function_tool(
    function: Callable[..., Any], *, name: str | None, description: str | None, strict: bool | None
) -> ToolSpec:
    if not callable(function):
        raise TypeError(f"Tool.from_function needs a function, got {function!r:.80}")
    tool_name = name or getattr(function, "__name__", None)
    if not tool_name or tool_name == "<lambda>":
        raise TypeError(f"{function!r:.80} has no usable name: pass name=...")
    summary, documented = parse_docstring(inspect.getdoc(function))
    model = _arguments_model(function, tool_name, documented)
    return ToolSpec(
        name=tool_name,
        description=summary if description is None else description,
        parameters=_parameters(model, strict),
        strict=strict,
        function=function,
        arguments_model=model,
    )


def model_tool(model: type[BaseModel], *, name: str | None, description: str | None, strict: bool | None) -> ToolSpec:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"Tool.from_model needs a pydantic model class, got {model!r:.80}")
    summary, _ = parse_docstring(model.__dict__.get("__doc__"))  # not BaseModel's own docstring
    return ToolSpec(
        name=name or model.__name__,
        description=summary if description is None else description,
        parameters=_parameters(model, strict),
        strict=strict,
        function=None,
        arguments_model=model,
    )


def _parameters(model: type[BaseModel], strict: bool | None) -> dict[str, Any]:
    schema = model.model_json_schema()
    # The tool's name and description already say what the model's title and docstring say.
    schema.pop("title", None)
    schema.pop("description", None)
    return strict_schema(schema) if strict else schema


def _arguments_model(function: Callable[..., Any], name: str, documented: Mapping[str, str]) -> type[BaseModel]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"cannot read the parameters of {name!r}: {exc}") from exc
    target = function if inspect.isroutine(function) else type(function).__call__
    try:
        hints = typing.get_type_hints(target, include_extras=True)
    except Exception as exc:  # a NameError from a string annotation, or worse
        raise TypeError(f"cannot resolve the type annotations of {name!r}: {exc}") from exc
    fields: dict[str, Any] = {}
    for position, parameter in enumerate(signature.parameters.values()):
        if parameter.kind in _UNDESCRIBED:
            raise TypeError(
                f"{name!r} takes *{parameter.name}: a tool's arguments are named, so give each its own parameter"
            )
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        described = documented.get(parameter.name)
        # Fields get neutral names and the parameter's as alias, so a parameter may be called
        # ``json`` or ``model_config`` without clashing with BaseModel. A description given
        # with ``Annotated[..., Field(description=...)]`` stands when the docstring has none.
        fields[f"p{position}"] = (
            hints.get(parameter.name, Any),
            Field(default, alias=parameter.name, description=described)
            if described
            else Field(default, alias=parameter.name),
        )
    model: type[BaseModel] = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    return model


def validate_arguments(tool: ToolLike, call: ToolCall | str | Mapping[str, Any]) -> dict[str, Any] | BaseModel:
    """The call's arguments validated: the function's keyword arguments, or the model instance."""
    arguments, raw = _arguments(tool, call)
    if tool.arguments_model is None:
        return arguments
    try:
        validated = tool.arguments_model.model_validate(arguments)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc'])) or 'arguments'}: {problem['msg']}"
            for problem in exc.errors(include_url=False)
        )
        raise ToolArgumentsError(f"invalid arguments for tool {tool.name!r}: {problems}", body=raw) from exc
    if tool.function is None:
        return validated
    fields = type(validated).model_fields
    return {fields[field].alias or field: getattr(validated, field) for field in fields}


def call_tool(tool: ToolLike, call: ToolCall | str | Mapping[str, Any]) -> Any:
    """Run the tool's function on the call's validated arguments (an async one's coroutine is returned)."""
    if tool.function is None:
        raise TypeError(f"tool {tool.name!r} has no function to call: make it with Tool.from_function")
    validated = validate_arguments(tool, call)
    assert isinstance(validated, dict)
    positional = [
        validated.pop(parameter.name)
        for parameter in inspect.signature(tool.function).parameters.values()
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and parameter.name in validated
    ]
    return tool.function(*positional, **validated)


async def acall_tool(tool: ToolLike, call: ToolCall | str | Mapping[str, Any]) -> Any:
    result = call_tool(tool, call)
    return await result if inspect.isawaitable(result) else result


def _arguments(tool: ToolLike, call: ToolCall | str | Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    from ._completion import ToolCall

    if isinstance(call, Mapping):
        return dict(call), None
    if isinstance(call, str):
        call = ToolCall(id=None, name=tool.name, arguments=call)
    if not isinstance(call, ToolCall):
        raise TypeError(f"expected a ToolCall, its arguments as JSON text, or a dict, got {type(call).__name__}")
    if call.name != tool.name:
        raise ToolArgumentsError(f"the call is for tool {call.name!r}, not {tool.name!r}", body=call.arguments)
    return call.parsed_arguments, call.arguments
