"""The same bytes, pre-rendered: what gunicorn alone answers (bench/load.py).

BENCH_STATIC_DIR holds one file per path (``/apc/`` → ``apc/index``) with its
Content-Type and Content-Encoding beside it (``.type``, ``.encoding``).
"""

import os
from pathlib import Path

ROOT = Path(os.environ["BENCH_STATIC_DIR"])


def _headers(path: Path) -> list[tuple[str, str]]:
    headers = [("Content-Type", path.with_name(path.name + ".type").read_text())]
    encoding = path.with_name(path.name + ".encoding")
    if encoding.exists():
        headers.append(("Content-Encoding", encoding.read_text()))
    return headers


FILES = {
    "/" + str(p.relative_to(ROOT)).removesuffix("index"): (p.read_bytes(), _headers(p))
    for p in ROOT.rglob("*")
    if p.is_file() and p.suffix not in (".type", ".encoding")
}


def app(environ, start_response):
    body, headers = FILES.get(
        environ["PATH_INFO"], (b"", [("Content-Type", "text/plain")])
    )
    start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
    return [body]
