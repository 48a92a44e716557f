"""The module path of the original spec (``llmkit.handlers.factory``), kept for its users."""
