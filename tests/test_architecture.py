"""The layers import-linter checks cover every module of every capability."""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEW_PACKAGES = {"admin", "api", "cli", "public", "forms", "tasks"}
CAPABILITIES = [
    "accounts",
    "incidents",
    "integrations",
    "maintenance",
    "metrics",
    "notifications",
    "pages",
    "reports",
    "reviews",
    "statuspage",
]


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def _layered_modules(capability: str) -> set[str]:
    name = f"{capability}: views -> forms -> services -> rules"
    (contract,) = [c for c in _contracts() if c["name"] == name]
    return {
        module.strip().strip("()")
        for layer in contract["layers"]
        for module in layer.split(":")
    }


def _modules_of(capability: str) -> set[str]:
    folder = ROOT / "app" / capability
    names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    names |= {p.parent.name for p in folder.glob("*/__init__.py")}
    return {f"app.{capability}.{name}" for name in names}


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_every_module_of_a_capability_sits_in_a_layer(capability):
    assert _modules_of(capability) <= _layered_modules(capability)


def test_views_are_where_the_forbidden_contract_looks_for_them():
    for capability in CAPABILITIES:
        for module in _modules_of(capability):
            tail = module.rsplit(".", 1)[1]
            if (ROOT / "app" / capability / tail).is_dir():
                assert tail in VIEW_PACKAGES, f"{module}: a package is a view layer"
