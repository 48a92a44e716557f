"""Provider plugins: installed distributions that add providers through the ``llmkit.providers`` entry points.

Each test installs a tiny distribution into a folder of its own (a package and its
``.dist-info`` with ``entry_points.txt``, which is all ``importlib.metadata`` looks for on
``sys.path``) and runs a fresh interpreter with that folder on its path, so nothing leaks into
this process's registry.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

PLUGIN = '''
import llmkit

class AcmeHandler(llmkit.CompatibleHandler{keywords}):
    """Acme's OpenAI-compatible API."""

    provider_name = {name!r}
    default_base_url = "https://llm.acme.invalid/v1"
    env = {{"api_key": "ACME_API_KEY"}}
'''


def install(site: Path, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """Install the distribution ``acme-llm`` with ``modules`` and these provider entry points."""
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))
    info = site / "acme_llm-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-llm\nVersion: 1.0\n")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[llmkit.providers]\n{lines}")


def run(site: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True, text=True, timeout=60
    )


def test_an_installed_plugin_is_found_by_the_factory_the_names_and_the_cli(tmp_path: Path) -> None:
    install(tmp_path, {"acme": "acme_llm:AcmeHandler"}, {"acme_llm": PLUGIN.format(keywords="", name="acme")})
    done = run(
        tmp_path,
        """
        import io, sys, llmkit
        from llmkit._cli import main

        assert "acme_llm" not in sys.modules  # importing llmkit loads no plugin
        llmkit.create_api_handler("openai:gpt-4o", api_key="k")
        assert "acme_llm" not in sys.modules  # nor does another provider's lookup
        handler = llmkit.create_api_handler("acme:acme-1", api_key="k")
        print(type(handler).__module__, type(handler).__name__, handler.settings.base_url)
        assert "acme" in llmkit.provider_names() and "openai" in llmkit.provider_names()
        out = io.StringIO()
        main(["providers"], out=out, err=io.StringIO())
        print([line.split() for line in out.getvalue().splitlines() if line.startswith("acme")])
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "acme_llm AcmeHandler https://llm.acme.invalid/v1",
        "[['acme', 'https://llm.acme.invalid/v1', 'ACME_API_KEY', '(api_key)', 'required']]",
    ]


def test_a_plugin_takes_a_built_in_name_only_when_it_says_replace(tmp_path: Path) -> None:
    install(
        tmp_path,
        {"openai": "acme_llm:AcmeHandler", "groq": "acme_groq:AcmeHandler"},
        {
            "acme_llm": PLUGIN.format(keywords="", name="openai"),
            "acme_groq": PLUGIN.format(keywords=", replace=True", name="groq"),
        },
    )
    done = run(
        tmp_path,
        """
        import llmkit

        print(type(llmkit.create_api_handler("groq:m", api_key="k")).__module__)
        try:
            llmkit.create_api_handler("openai:gpt-4o", api_key="k")
        except llmkit.ConfigError as error:
            print(error)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "acme_groq",
        "provider plugin 'openai' (acme_llm:AcmeHandler, from acme-llm) failed to load: provider 'openai' is "
        "already a built-in provider; to replace it, say so: class AcmeHandler(<base>, replace=True), "
        "or register_provider(..., replace=True)",
    ]


def test_a_broken_plugin_is_named_in_the_error(tmp_path: Path) -> None:
    install(
        tmp_path,
        {"broken": "acme_broken:Handler", "wrong": "acme_llm:AcmeHandler"},
        {"acme_broken": "import not_installed_anywhere\n", "acme_llm": PLUGIN.format(keywords="", name="acme")},
    )
    done = run(
        tmp_path,
        """
        import llmkit

        for spec in ("broken:m", "wrong:m"):
            try:
                llmkit.create_api_handler(spec, api_key="k")
            except llmkit.ConfigError as error:
                print(error)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "provider plugin 'broken' (acme_broken:Handler, from acme-llm) failed to load: "
        "No module named 'not_installed_anywhere'",
        "provider plugin 'wrong' (acme_llm:AcmeHandler, from acme-llm) names AcmeHandler, whose provider_name is "
        "'acme', not 'wrong'",
    ]


def test_a_users_class_takes_a_plugins_name_only_with_replace(tmp_path: Path) -> None:
    install(tmp_path, {"acme": "acme_llm:AcmeHandler"}, {"acme_llm": PLUGIN.format(keywords="", name="acme")})
    done = run(
        tmp_path,
        """
        import llmkit

        try:
            class Mine(llmkit.CompatibleHandler):
                provider_name = "acme"
        except llmkit.ConfigError as error:
            print(error)

        class Mine(llmkit.CompatibleHandler, replace=True):
            provider_name, default_base_url = "acme", "http://127.0.0.1:9/v1"

        print(type(llmkit.create_api_handler("acme:m", api_key="k")).__name__)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "provider 'acme' is already provided by the installed plugin 'acme_llm:AcmeHandler'; to replace it, say so: "
        "class Mine(<base>, replace=True), or register_provider(..., replace=True)",
        "Mine",
    ]
