"""The gettext catalogues: `.po` files (what translators edit) and the compiled `.mo` files beside
them, which are committed, as Django does, so that serving the site needs no gettext tools.

`make messages` (`manage.py compile_catalogues`) recompiles them with Babel, in pure Python; the test
suite compiles each `.po` in memory the same way and fails when a committed `.mo` is stale.
"""

import io
from pathlib import Path

from django.apps import apps
from django.conf import settings


def catalogue_paths():
    """Every `.po` file of the project: under LOCALE_PATHS and the project's own apps' `locale/`."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_path = Path(config.path).resolve()
        if app_path.is_relative_to(base) and ".venv" not in app_path.relative_to(base).parts:
            folders.append(app_path / "locale")
    found = set()
    for folder in folders:
        if folder.is_dir():
            found.update(path.resolve() for path in folder.glob("*/LC_MESSAGES/*.po"))
    return sorted(found)


def compile_catalogue(po_path):
    """The `.mo` bytes for one `.po` file (fuzzy entries left out, as msgfmt does)."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError as error:  # Babel is a development requirement: serving only reads the .mo files
        raise ImportError("Compiling catalogues needs Babel: pip install -r requirements-dev.txt") from error
    with open(po_path, "rb") as po_file:
        catalogue = read_po(po_file, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def compile_all():
    """Write each catalogue's `.mo` where its content changed; return the paths written."""
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        content = compile_catalogue(po_path)
        if not mo_path.exists() or mo_path.read_bytes() != content:
            mo_path.write_bytes(content)
            written.append(mo_path)
    return written
