"""Where every benchmark's figures go: printed, and appended to bench/RESULTS.md."""

import os
import platform
from pathlib import Path


def machine() -> str:
    """The machine line each section starts with."""
    return (
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def publish(lines: list[str], results: str) -> None:
    """Print the section and append it to ``results`` (created if missing)."""
    text = "\n".join(lines) + "\n"
    print(text)
    path = Path(results)
    old = path.read_text() if path.exists() else ""
    path.write_text(old + "\n" + text)
