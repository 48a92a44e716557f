"""An OpenAI-shaped conversation and llmkit's options as a Bedrock Converse request body.

* ``system`` and ``developer`` messages become the top-level ``system`` text blocks;
* content blocks are single-key objects: ``{"text": …}``, ``{"image": {"format", "source":
  {"bytes": base64}}}`` (Converse takes image bytes, never a URL), ``{"toolUse": …}``,
  ``{"toolResult": …}``; a part ``{"type": "document", "document": {…}}`` (or any other Converse
  block name: ``cachePoint``, ``video``, ``guardContent``…) is sent as ``{"document": {…}}``;
* assistant ``tool_calls`` become ``toolUse`` blocks, ``tool`` messages ``toolResult`` blocks in a
  user turn; consecutive turns of one role are merged, since Converse wants them alternating;
* an assistant's ``reasoning_blocks`` go back first in its turn, as ``reasoningContent`` blocks
  (``reasoningText`` with its signature, or ``redactedContent``), verbatim;
* a cache mark becomes a ``cachePoint`` block right after what it marks (a part, a message's
  blocks, the system blocks, or a tool in ``toolConfig.tools``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .._adapter import put
from .._conversation import CacheTtl, Message, call_arguments, image_source, reasoning_blocks
from .._errors import InvalidRequestError
from .._options import RequestOptions
from ._anthropic import AnthropicAdapter
from ._bedrock_stream import ORIGIN

NOVA_EFFORTS = {"minimal": "low", "low": "low", "medium": "medium", "high": "high", "xhigh": "high", "max": "high"}
"""``reasoning_effort`` -> Nova 2's ``maxReasoningEffort``."""
DEFAULT_MAX_TOKENS = 4096
"""Sent with Claude's thinking on top of its budget when the caller gives no ``max_tokens``."""
OPTION_WIRE: dict[str, str | None] = {
    "tools": "toolConfig.tools",
    "tool_choice": "toolConfig.toolChoice",
    "parallel_tool_calls": None,
    "response_format": "outputConfig.textFormat",
    "max_tokens": "inferenceConfig.maxTokens",
    "temperature": "inferenceConfig.temperature",
    "top_p": "inferenceConfig.topP",
    "frequency_penalty": None,
    "presence_penalty": None,
    "stop": "inferenceConfig.stopSequences",
    "seed": None,
    "reasoning_effort": "additionalModelRequestFields",
    "verbosity": None,
    "logprobs": None,
    "top_logprobs": None,
    "user": "requestMetadata.user",
    "metadata": "requestMetadata",
    "service_tier": "serviceTier.type",
    "prompt_cache_key": None,
}
"""Where Converse takes each option (``BedrockAdapter.option_wire``); ``None``: refused."""


def converse_body(model: str, messages: list[Message], options: RequestOptions) -> dict[str, Any]:
    """The JSON body of ``converse`` / ``converse-stream`` (the model is in the URL)."""
    system, turns = to_converse(messages)
    body: dict[str, Any] = {"messages": turns}
    if system:
        body["system"] = system
    inference, additional = _inference(model, options)
    if inference:
        body["inferenceConfig"] = inference
    if additional:
        body["additionalModelRequestFields"] = additional
    if options.tools:
        body["toolConfig"] = _tool_config(options)
    if options.response_format is not None:
        body["outputConfig"] = _output_config(options)
    if options.metadata is not None:
        body["requestMetadata"] = dict(options.metadata)  # filterable in Bedrock's invocation logs
    if options.user is not None:
        put(body, "requestMetadata.user", options.user)
    if options.service_tier is not None:
        if options.service_tier == "auto":
            raise InvalidRequestError("Bedrock has no 'auto' service tier: ask for 'default', 'flex' or 'priority'")
        body["serviceTier"] = {"type": options.service_tier}
    if options.extra_body:
        body.update(options.extra_body)
    return body


def to_converse(messages: list[Message]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(system, messages)`` for the request body."""
    system: list[dict[str, Any]] = []
    turns: list[dict[str, Any]] = []
    for position, message in enumerate(messages):
        where = f"messages[{position}]"
        role = message["role"]
        if role in ("system", "developer"):
            system.extend(_blocks(message["content"], where, system=True))
            if "cache" in message:
                system.append(cache_point(message["cache"]))
            continue
        if role == "tool":
            content = _blocks(message["content"], where)
            blocks = [{"toolResult": {"toolUseId": message["tool_call_id"], "content": content or [{"text": ""}]}}]
            role = "user"
        elif role == "user":
            blocks = _blocks(message["content"], where)
        else:
            blocks = _assistant(message, where)
        if "cache" in message:
            blocks.append(cache_point(message["cache"]))
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    if not turns:
        raise InvalidRequestError("Bedrock Converse needs at least one user message besides the system prompt")
    for turn in turns:
        if not turn["content"]:
            raise InvalidRequestError(f"Bedrock Converse refuses an empty {turn['role']} turn")
    return system, turns


def cache_point(ttl: CacheTtl) -> dict[str, Any]:
    """A cache mark as a Converse ``cachePoint`` block (5 minutes unless 1 hour is asked for)."""
    point: dict[str, Any] = {"type": "default"}
    if ttl == "1h":
        point["ttl"] = "1h"
    return {"cachePoint": point}


def _blocks(
    content: str | Sequence[Mapping[str, Any]] | None, where: str, *, system: bool = False
) -> list[dict[str, Any]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"text": content}] if content else []  # Converse refuses blank text blocks
    blocks = []
    for index, part in enumerate(content):
        at = f"{where}.content[{index}]"
        kind = part.get("type")
        if system and kind not in ("text", "cachePoint"):
            raise InvalidRequestError(f"{at}: a system message may only hold text parts")
        if kind == "text":
            if part.get("text"):
                blocks.append({"text": str(part["text"])})
        elif kind in ("image", "image_url"):
            blocks.append(_image(part, at))
        elif isinstance(kind, str) and kind in part:
            blocks.append({kind: part[kind]})
        else:
            raise InvalidRequestError(
                f"{at}: Bedrock has no {kind!r} part; give Converse blocks as {{'type': NAME, NAME: {{...}}}}"
            )
        if "cache" in part:
            blocks.append(cache_point(part["cache"]))
    return blocks


def _image(part: Mapping[str, Any], where: str) -> dict[str, Any]:
    if part.get("type") == "image_url":
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, Mapping) else image
        if not isinstance(url, str) or not url.startswith("data:"):
            raise InvalidRequestError(f"{where}: Bedrock takes images as data, not URLs: pass a data: URL or bytes")
        header, _, data = url[5:].partition(",")
        media_type, _, encoding = header.partition(";")
        if encoding != "base64" or not data:
            raise InvalidRequestError(f"{where}: a data URL image must be base64")
    else:
        source = image_source(part, where)
        if source.url is not None:
            raise InvalidRequestError(f"{where}: Bedrock takes images as data, not URLs: pass 'data' and 'media_type'")
        media_type, data = source.media_type or "", source.data or ""
    image_format = media_type.removeprefix("image/").replace("jpg", "jpeg")
    if image_format not in ("png", "jpeg", "gif", "webp"):
        raise InvalidRequestError(f"{where}: Bedrock takes png, jpeg, gif or webp images, got {media_type!r}")
    # The bytes travel as base64 text in JSON.
    return {"image": {"format": image_format, "source": {"bytes": data}}}


def _assistant(message: Message, where: str) -> list[dict[str, Any]]:
    blocks = _reasoning_blocks(message)
    blocks.extend(_blocks(message.get("content"), where))
    for index, call in enumerate(message.get("tool_calls") or []):
        blocks.append(_tool_use(call, f"{where}.tool_calls[{index}]"))
    return blocks


def _reasoning_blocks(message: Message) -> list[dict[str, Any]]:
    """Signed reasoning and redacted blocks, unchanged (the signature covers the text exactly);
    a block with neither (reasoning from another provider) is left out."""
    blocks: list[dict[str, Any]] = []
    for block in reasoning_blocks(message, ORIGIN):
        if block.get("provider_data") is not None:
            continue  # another protocol's reasoning item (OpenAI Responses)
        if block.get("encrypted"):
            blocks.append({"reasoningContent": {"redactedContent": block["encrypted"]}})
        elif block.get("signature"):
            text = {"text": block.get("text") or "", "signature": block["signature"]}
            blocks.append({"reasoningContent": {"reasoningText": text}})
    return blocks


def _tool_use(call: Mapping[str, Any], where: str) -> dict[str, Any]:
    # Checked with the conversation: an id, a name and JSON-object arguments.
    arguments = call_arguments(call, where)
    return {"toolUse": {"toolUseId": call["id"], "name": call["function"]["name"], "input": arguments}}


def _inference(model: str, options: RequestOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    """``inferenceConfig`` and the reasoning part of ``additionalModelRequestFields``."""
    inference: dict[str, Any] = {}
    additional: dict[str, Any] = {}
    effort = options.reasoning_effort
    max_tokens = options.max_tokens
    if effort is not None and effort != "none":
        if "anthropic.claude" in model:
            budget = AnthropicAdapter.thinking_budgets[effort]
            if max_tokens is not None and max_tokens <= budget:
                raise InvalidRequestError(
                    f"max_tokens ({max_tokens}) must be larger than the thinking budget of {budget} tokens "
                    f"that reasoning_effort={effort!r} asks for"
                )
            if options.temperature is not None and options.temperature != 1:
                raise InvalidRequestError("Claude's extended thinking does not take temperature (only its default)")
            additional["thinking"] = {"type": "enabled", "budget_tokens": budget}
            max_tokens = max_tokens or budget + DEFAULT_MAX_TOKENS
        elif "amazon.nova-2" in model:
            additional["reasoningConfig"] = {"type": "enabled", "maxReasoningEffort": NOVA_EFFORTS[effort]}
        else:
            raise InvalidRequestError(
                f"llmkit knows no reasoning switch for {model!r} on Bedrock: pass the model's own fields as "
                "extra_body={'additionalModelRequestFields': {...}}"
            )
    if max_tokens is not None:
        inference["maxTokens"] = max_tokens
    for name, wire in (("temperature", "temperature"), ("top_p", "topP")):
        value = getattr(options, name)
        if value is not None:
            inference[wire] = value
    if options.stop is not None:
        inference["stopSequences"] = list(options.stop)
    return inference, additional


def _tool_config(options: RequestOptions) -> dict[str, Any]:
    tools = []
    for tool in options.tools:
        if tool.strict:
            raise InvalidRequestError(f"tool {tool.name!r}: Bedrock Converse has no strict tool schemas")
        spec: dict[str, Any] = {"name": tool.name}
        if tool.description:
            spec["description"] = tool.description
        schema = dict(tool.parameters) if tool.parameters is not None else {"type": "object", "properties": {}}
        spec["inputSchema"] = {"json": schema}
        tools.append({"toolSpec": spec})
        ttl = tool.cache_ttl()
        if ttl is not None:
            tools.append(cache_point(ttl))
    config: dict[str, Any] = {"tools": tools}
    choice = options.tool_choice
    if choice == "none":
        raise InvalidRequestError("Bedrock Converse has no tool_choice 'none': leave the tools out instead")
    if choice is not None:
        config["toolChoice"] = (
            {"auto": {}} if choice == "auto" else {"any": {}} if choice == "required" else {"tool": {"name": choice}}
        )
    return config


def _output_config(options: RequestOptions) -> dict[str, Any]:
    response_format = options.response_format
    assert response_format is not None
    if response_format.schema is None:
        raise InvalidRequestError("Bedrock's structured output needs a JSON schema (or a pydantic model), not 'json'")
    structure = {"name": response_format.name, "schema": json.dumps(response_format.schema)}
    return {"textFormat": {"type": "json_schema", "structure": {"jsonSchema": structure}}}
