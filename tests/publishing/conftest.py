"""Publishing tests write into a directory of their own, with publish on write on."""

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def publish_dir(tmp_path: Path) -> Path:
    return tmp_path / "public"


@pytest.fixture
def app_config(app_config: dict[str, Any], publish_dir: Path) -> dict[str, Any]:
    return {**app_config, "PUBLISH_ON_WRITE": True, "PUBLISH_DIR": str(publish_dir)}
