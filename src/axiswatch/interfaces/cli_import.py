"""``axiswatch import``: load a bundle (``export --format bundle``) into a store.

The command is defined inside :func:`register`, which ``cli.py`` calls once its own
helpers exist, so this module can be imported on its own as well.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

BundleArgument = Annotated[Path, typer.Argument(
    help="A bundle written by `axiswatch export --format bundle` (gzip'd JSON Lines).")]


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to ``app``."""
    from axiswatch.interfaces.cli import DbOption, _fail, _open_store, _progress, err
    from axiswatch.store.bundle_load import load_bundle
    from axiswatch.store.bundle_read import BundleError, check_bundle

    @app.command("import")
    def import_bundle(file: BundleArgument, db: DbOption = None) -> None:
        """Load a bundle's documents, events and evidence into the store (nothing is
        extracted again); a document already there unchanged is skipped, one with the
        same id and another text is replaced; then the facts are recomputed."""
        if not file.is_file():
            _fail(f"{escape(str(file))}: no such file")
        try:
            with _progress(None) as progress:
                progress.add_task("checking the bundle", total=None)
                summary = check_bundle(file)
        except BundleError as exc:
            _fail(escape(str(exc)))
        store = _open_store(db)
        try:
            with _progress(summary.documents) as progress:
                task = progress.add_task("importing", total=summary.documents)
                counts = load_bundle(store, file,
                                     lambda _doc, _outcome: progress.advance(task),
                                     checked=summary)
        except BundleError as exc:  # the file changed since it was checked
            _fail(escape(str(exc)))
        finally:
            store.close()
        for failure in counts.failures:
            err.print(f"[red]skipped[/] {escape(failure)}")
        err.print(f"{counts.added} added, {counts.replaced} replaced, "
                  f"{counts.unchanged} unchanged, {counts.failed} failed; "
                  f"{counts.events} events stored in {store.url}")
        if counts.failed:
            raise typer.Exit(1)
