"""``python -m llmkit ...``: the same as the ``llmkit`` command."""

from ._cli import main_entry

if __name__ == "__main__":
    main_entry()
