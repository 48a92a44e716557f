"""An OpenAI-shaped conversation as Gemini ``contents``: ``user`` / ``model`` turns of parts.

* ``system`` and ``developer`` messages are folded, in order, into ``systemInstruction``;
* user text becomes ``text`` parts; images become ``inlineData`` (base64 data, data URLs) or
  ``fileData`` (any other URL);
* an assistant turn becomes a ``model`` turn: its text, then a ``functionCall`` part per tool
  call, each with the ``thoughtSignature`` its ``provider_data`` carries; a signature from the
  turn's ``reasoning_blocks`` (one Gemini gave on a text part) goes back on the turn's last text
  part (Gemini puts it on the last part of an answer without calls);
* ``tool`` messages become ``functionResponse`` parts in a ``user`` turn, consecutive ones in the
  same turn (Gemini wants every answer to a batch of calls together), named after the call they
  answer. Their ``response``: the tool's output when it is a JSON object, else ``{"result": text}``.

Call ids go back only where Gemini gave them: ids llmkit made up mean nothing to Gemini.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping, Sequence
from typing import Any

from .._conversation import Message, call_arguments, image_source, plain_text, reasoning_blocks
from .._errors import InvalidRequestError
from ._gemini_stream import ORIGIN, is_made_up_call_id


def to_gemini(messages: list[Message]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """``(systemInstruction, contents)`` for the request body."""
    system: list[str] = []
    contents: list[dict[str, Any]] = []
    names: dict[str, str] = {}  # call id -> function name, for the tool answers that follow
    answering = False  # whether the last turn holds tool answers
    for position, message in enumerate(messages):
        where = f"messages[{position}]"
        role = message["role"]
        if role in ("system", "developer"):
            system.append(plain_text(message["content"], where))
        elif role == "tool":
            part = _function_response(message, names, where)
            if answering:
                contents[-1]["parts"].append(part)
            else:
                contents.append({"role": "user", "parts": [part]})
            answering = True
            continue
        elif role == "user":
            contents.append({"role": "user", "parts": _parts(message["content"], where)})
        else:
            contents.append({"role": "model", "parts": _model_parts(message, names, where)})
        answering = False
    if not contents:
        raise InvalidRequestError("Gemini needs at least one user message besides the system prompt")
    instruction = "\n\n".join(text for text in system if text)
    return ({"parts": [{"text": instruction}]} if instruction else None), contents


def _parts(content: str | Sequence[Mapping[str, Any]] | None, where: str) -> list[dict[str, Any]]:
    if content is None or content == "":
        return []
    if isinstance(content, str):
        return [{"text": content}]
    return [_part(part, f"{where}.content[{index}]") for index, part in enumerate(content)]


def _part(part: Mapping[str, Any], where: str) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "text":
        return {"text": str(part.get("text", ""))}
    if kind == "image":
        source = image_source(part, where)
        if source.url is not None:
            return _url_part(source.url, where)
        return {"inlineData": {"mimeType": source.media_type, "data": source.data}}
    if kind == "image_url":
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, Mapping) else image
        if not isinstance(url, str) or not url:
            raise InvalidRequestError(f"{where}: an image_url part needs a url")
        return _url_part(url, where)
    raise InvalidRequestError(f"{where}: Gemini takes text and image parts, not {kind!r}")


def _url_part(url: str, where: str) -> dict[str, Any]:
    if url.startswith("data:"):
        header, _, data = url[5:].partition(",")
        media_type, _, encoding = header.partition(";")
        if encoding != "base64" or not data or not media_type:
            raise InvalidRequestError(f"{where}: a data URL image must be base64 with its media type")
        return {"inlineData": {"mimeType": media_type, "data": data}}
    file: dict[str, Any] = {"fileUri": url}
    guessed = mimetypes.guess_type(url.split("?", 1)[0])[0]
    if guessed is not None:
        file["mimeType"] = guessed
    return {"fileData": file}


def _model_parts(message: Message, names: dict[str, str], where: str) -> list[dict[str, Any]]:
    parts = _parts(message.get("content"), where)
    signature = _text_signature(message)
    if signature is not None:
        texts = [part for part in parts if "text" in part]
        if texts:
            texts[-1]["thoughtSignature"] = signature
        else:
            parts.append({"text": "", "thoughtSignature": signature})
    for index, call in enumerate(message.get("tool_calls") or ()):
        parts.append(_function_call(call, names, f"{where}.tool_calls[{index}]"))
    return parts


def _text_signature(message: Message) -> str | None:
    """The last signature among an assistant turn's reasoning blocks, if any."""
    signature = None
    for block in reasoning_blocks(message, ORIGIN):
        signature = block.get("signature") or signature
    return signature


def _function_call(call: Mapping[str, Any], names: dict[str, str], where: str) -> dict[str, Any]:
    # Checked with the conversation: an id, a name and JSON-object arguments.
    name = call["function"]["name"]
    names[call["id"]] = name
    wire: dict[str, Any] = {"name": name, "args": call_arguments(call, where)}
    if not is_made_up_call_id(call["id"]):
        wire["id"] = call["id"]
    part: dict[str, Any] = {"functionCall": wire}
    signature = _call_signature(call.get("provider_data"))
    if signature is not None:
        part["thoughtSignature"] = signature
    return part


def _call_signature(data: Any) -> str | None:
    """The thought signature in a call's ``provider_data`` (see ``_gemini_stream.signature_data``)."""
    if not isinstance(data, Mapping):
        return None
    google = (data.get("extra_content") or {}).get("google") if isinstance(data.get("extra_content"), Mapping) else None
    signature = google.get("thought_signature") if isinstance(google, Mapping) else None
    return signature if isinstance(signature, str) and signature else None


def _function_response(message: Message, names: Mapping[str, str], where: str) -> dict[str, Any]:
    call_id = message["tool_call_id"]
    name = names.get(call_id)
    if name is None:
        raise InvalidRequestError(
            f"{where}: tool_call_id {call_id!r} answers no tool call of an earlier assistant message; "
            "Gemini needs the function's name, which comes from that call"
        )
    content = message["content"]
    text = content if isinstance(content, str) else plain_text(content, where)
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    wire: dict[str, Any] = {"name": name, "response": value if isinstance(value, dict) else {"result": text}}
    if not is_made_up_call_id(call_id):
        wire["id"] = call_id
    return {"functionResponse": wire}
