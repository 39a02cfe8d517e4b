"""``axiswatch import``: load a bundle (``export --format bundle``) into a store."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to ``app``."""
