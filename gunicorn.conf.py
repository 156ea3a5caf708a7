"""gunicorn settings for Beacon, used by `make run` and in production alike.

    gunicorn -c gunicorn.conf.py --bind 0.0.0.0:8000 wsgi:app

Threads, not processes, carry the load: a public read is mostly a cache hit
that waits on a socket or a short query, so each worker process serves several
at once, and one process per core keeps every core busy. Override any of these
with gunicorn's own flags or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("BEACON_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("BEACON_WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("BEACON_WEB_THREADS", 4))
# A request that takes longer than this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are not recycled by default: a restart drops the keep-alive
# connections it holds and empties its render cache, which under a refresh storm
# (thousands of requests a second) happened every few seconds and showed up as
# socket errors and renders. Set BEACON_MAX_REQUESTS to recycle after that many.
max_requests = int(os.environ.get("BEACON_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# Logs go to stdout and stderr, where process managers and containers collect them.
accesslog = "-"
errorlog = "-"
