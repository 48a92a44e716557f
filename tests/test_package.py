"""The package as users meet it: names reported where they import them, pickling, help(), metadata."""

from __future__ import annotations

import importlib
import importlib.metadata
import pickle
import pydoc
import traceback
import typing
from decimal import Decimal
from types import ModuleType

import pydantic
import pytest

import llmkit
import llmkit.pricing
import llmkit.providers
import llmkit.testing

from .conftest import ROOT


def public(package: ModuleType) -> dict[str, object]:
    """Every class and function ``package`` exports."""
    return {
        name: value
        for name in package.__all__
        if isinstance(value := getattr(package, name), type) or (callable(value) and hasattr(value, "__code__"))
    }


@pytest.mark.parametrize("package", [llmkit, llmkit.providers, llmkit.pricing, llmkit.testing])
def test_public_names_report_a_public_module_that_has_them(package: ModuleType) -> None:
    # No private module in a traceback or a repr, and pickle finds each name where it says it is.
    names = public(package)
    assert len(names) > 5
    wrong = {}
    for name, value in names.items():
        module: str = value.__module__  # type: ignore[attr-defined]
        private = any(part.startswith("_") for part in module.split("."))
        if private or getattr(importlib.import_module(module), value.__qualname__, None) is not value:  # type: ignore[attr-defined]
            wrong[name] = module
    assert wrong == {}


def test_the_top_level_names_report_llmkit() -> None:
    assert {name: value.__module__ for name, value in public(llmkit).items() if value.__module__ != "llmkit"} == {}  # type: ignore[attr-defined]
    assert llmkit.providers.GroqHandler.__module__ == "llmkit.providers.presets.groq"  # a public module already
    assert llmkit.providers.CerebrasHandler.__module__ == "llmkit.providers"


def test_a_traceback_names_the_error_as_users_import_it() -> None:
    try:
        llmkit.create_api_handler("nope:model", api_key="k")
    except llmkit.ConfigError as error:
        line = traceback.format_exception_only(error)[-1]
    assert line.startswith("llmkit.ConfigError: unknown api_provider 'nope'")
    assert repr(llmkit.RateLimitError) == "<class 'llmkit.RateLimitError'>"


def test_every_error_survives_pickling_with_its_details() -> None:
    errors = [
        value for value in public(llmkit).values() if isinstance(value, type) and issubclass(value, llmkit.LLMError)
    ]
    assert len(errors) > 20
    for cls in errors:
        error = cls("went wrong", provider="openai", status_code=429, request_id="req_1", retry_after=1.5)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls
        assert (copy.message, copy.provider, copy.status_code, copy.request_id, copy.retry_after) == (
            "went wrong",
            "openai",
            429,
            "req_1",
            1.5,
        )


def test_models_and_dataclasses_still_work_under_their_new_module() -> None:
    usage = llmkit.Usage(input_tokens=10, output_tokens=2, cost=Decimal("0.001"))
    assert pickle.loads(pickle.dumps(usage)) == usage
    completion = llmkit.Completion(text="hi", finish_reason="stop", usage=usage)
    assert llmkit.Completion.model_validate_json(completion.model_dump_json()) == completion
    assert pydantic.TypeAdapter(llmkit.Usage).validate_python({"input_tokens": 3}).input_tokens == 3
    # String annotations were resolved in their home module, so the type hints still resolve.
    assert typing.get_type_hints(llmkit.Tool)["strict"] == bool | None
    assert typing.get_type_hints(llmkit.Usage)["cost"] == Decimal | None
    assert "options" in typing.get_type_hints(llmkit.ApiHandler.create_message)
    tool = llmkit.Tool(name="t", description="d")
    assert pickle.loads(pickle.dumps(tool)) == tool


def test_help_opens_with_an_example() -> None:
    text = pydoc.render_doc(llmkit, renderer=pydoc.plaintext)
    head = text.split("PACKAGE CONTENTS")[0]
    assert "from llmkit import create_api_handler" in head
    assert 'create_api_handler("openai:gpt-4o-mini")' in head
    assert len(head.splitlines()) < 30


def test_the_license_ships_with_the_package() -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n\nCopyright (c) 2026 the llmkit authors\n")
    metadata = importlib.metadata.metadata("llmkit")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers and "Programming Language :: Python :: 3.11" in classifiers
