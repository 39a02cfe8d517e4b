"""Open a store by URL and bring its schema up to date with Alembic.

SQLite (the default, a file next to where you work) and PostgreSQL are
supported; the URL comes from ``--db`` or the ``AXISWATCH_DB`` variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///axiswatch.db"
T = TypeVar("T")
# PostgreSQL's codes for "another writer got there first": unique violation,
# serialization failure, deadlock
_COLLISIONS = {"23505", "40001", "40P01"}


class StoreError(Exception):
    pass


def resolve_url(url: str | None = None) -> str:
    url = url or os.environ.get("AXISWATCH_DB") or DEFAULT_URL
    if "://" not in url:  # a bare path means an SQLite file
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("axiswatch.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def is_collision(exc: DBAPIError) -> bool:
    """Whether ``exc`` is a clash with a concurrent writer, gone when tried again."""
    code = getattr(exc.orig, "sqlstate", None)
    if code is not None:
        return code in _COLLISIONS
    message = str(exc.orig)
    return ((isinstance(exc, IntegrityError) and "UNIQUE constraint failed" in message)
            or (isinstance(exc, OperationalError) and "database is locked" in message))


class Store:
    """A database of documents and their events."""

    def __init__(self, url: str | None = None, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise StoreError(f"not a database URL: {self.url!r}") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"folder for the database does not exist: {folder}")
        try:
            self.engine: Engine = create_engine(self.url)
        except Exception as exc:  # a driver missing or a malformed URL
            raise StoreError(f"cannot open {self.url}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.upgrade()

    def upgrade(self) -> None:
        config = _alembic_config()
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except Exception as exc:
            raise StoreError(f"cannot prepare the database at {self.url}: {exc}") from None

    def session(self) -> Session:
        return self._sessions()

    def write(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """``work(session)`` in a transaction of its own. When it clashes with another
        writer (a row that one stored first, a deadlock), it is rolled back and run
        again, and then sees what the other committed."""
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session, session.begin():
                    return work(session)
            except DBAPIError as exc:
                if attempt == attempts or not is_collision(exc):
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
