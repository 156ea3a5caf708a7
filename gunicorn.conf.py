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
# Recycle workers now and then so slow leaks in any library cannot accumulate.
max_requests = 20_000
max_requests_jitter = 2_000
# Logs go to stdout and stderr, where process managers and containers collect them.
accesslog = "-"
errorlog = "-"
