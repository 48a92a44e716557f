"""Content parts: the neutral image part and the checks every adapter relies on."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, NamedTuple

from ._errors import InvalidRequestError


class ImageSource(NamedTuple):
    """Where an image comes from: a URL, or base64 data with its media type."""

    url: str | None = None
    media_type: str | None = None
    data: str | None = None
    """Base64 text (never raw bytes: JSON cannot carry them)."""


def image_source(part: Mapping[str, Any], where: str) -> ImageSource:
    """Read ``{"type": "image", "url": …}`` or ``{"type": "image", "data": bytes|base64, "media_type": …}``."""
    url = part.get("url")
    if isinstance(url, str) and url:
        return ImageSource(url=url)
    data = part.get("data")
    media_type = part.get("media_type")
    if data is None:
        raise InvalidRequestError(f"{where}: an image part needs 'url', or 'data' and 'media_type'")
    if not isinstance(media_type, str) or not media_type.startswith("image/"):
        raise InvalidRequestError(f"{where}: an image given as data needs a 'media_type' such as 'image/png'")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return ImageSource(media_type=media_type, data=base64.b64encode(bytes(data)).decode("ascii"))
    if isinstance(data, str):
        return ImageSource(media_type=media_type, data=data)
    raise InvalidRequestError(f"{where}: image data must be bytes or base64 text")
