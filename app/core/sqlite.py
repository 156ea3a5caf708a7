"""SQLite tuning: WAL, so the web process and the workers can share one file.

With the default rollback journal every commit fsyncs and readers block the
writer; the delivery worker commits once per message, beside the web app.
"""

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def _set_pragmas(dbapi_connection: Any, record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # in-memory databases answer "memory"
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL
    cursor.close()


def use_wal() -> None:
    """Apply the pragmas to every new SQLite connection (idempotent)."""
    if not sa.event.contains(Engine, "connect", _set_pragmas):
        sa.event.listen(Engine, "connect", _set_pragmas)
