"""Tools for testing code built on llmkit without a network.

- ``FakeHandler`` (the provider ``"fake"``) answers from a script of ``FakeResponse`` objects,
  through llmkit's real parsing path: ``with FakeHandler.script(FakeResponse(text="Hi")) as fake:``.
- ``ReplayServer`` serves scripted or recorded exchanges on 127.0.0.1; ``Exchange`` describes one
  response (``Exchange.from_recording`` reads a recorded exchange, ``chat_stream`` scripts one).
- ``cassette_client(path)`` records real exchanges to a file once, then replays them.
"""

from .._lazy import publish
from ._cassette import cassette_client
from ._exchange import Exchange, chat_stream
from ._fake import FakeHandler, FakeResponse, Script
from ._server import RecordedRequest, ReplayServer

__all__ = [
    "Exchange",
    "FakeHandler",
    "FakeResponse",
    "RecordedRequest",
    "ReplayServer",
    "Script",
    "cassette_client",
    "chat_stream",
]


publish(globals())
