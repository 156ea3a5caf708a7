"""The same bytes, pre-rendered: what gunicorn alone answers (bench/load.py).

BENCH_STATIC_DIR holds one file per path (``/apc/`` → ``apc/index``) and its
Content-Type beside it (``.type``).
"""

import os
from pathlib import Path

ROOT = Path(os.environ["BENCH_STATIC_DIR"])
FILES = {
    "/" + str(p.relative_to(ROOT)).removesuffix("index"): (
        p.read_bytes(),
        p.with_name(p.name + ".type").read_text(),
    )
    for p in ROOT.rglob("*")
    if p.is_file() and not p.name.endswith(".type")
}


def app(environ, start_response):
    body, mimetype = FILES.get(environ["PATH_INFO"], (b"", "text/plain"))
    start_response(
        "200 OK", [("Content-Type", mimetype), ("Content-Length", str(len(body)))]
    )
    return [body]
