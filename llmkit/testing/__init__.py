"""Tools for testing code built on llmkit without a network.

``ReplayServer`` serves scripted or recorded exchanges on 127.0.0.1; ``Exchange`` describes one
response (``Exchange.from_recording`` reads a recorded exchange, ``chat_stream`` scripts one).
"""

from ._exchange import Exchange, chat_stream
from ._server import RecordedRequest, ReplayServer

__all__ = ["Exchange", "RecordedRequest", "ReplayServer", "chat_stream"]
