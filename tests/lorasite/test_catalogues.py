"""The compiled .mo catalogues are committed beside the .po files (serving needs no gettext tools);
these tests fail while one is stale, and name the command that fixes it."""

import gettext
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from lorasite.catalogues import catalogue_paths, compile_catalogue

ROOT = Path(settings.BASE_DIR).resolve()
FIX = "Run `make messages` and commit the .mo files it writes."


def parsed(mo_bytes):
    """What gettext reads from a .mo file: every entry (contexts and plural forms included, the header
    aside, since compilers write it differently) and the plural rule."""
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    entries = {key: value for key, value in translations._catalog.items() if key != ""}
    return entries, translations._info.get("plural-forms")


def test_each_language_has_a_catalogue():
    languages = {path.relative_to(ROOT).parts[1] for path in catalogue_paths()}
    assert languages >= {translation.to_locale(code) for code, _name in settings.LANGUAGES if code != "en"}


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda path: str(path.relative_to(ROOT)))
def test_committed_mo_matches_its_po(po_path):
    name = po_path.relative_to(ROOT)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{name} has no compiled {mo_path.name}. {FIX}"
    expected_entries, expected_plural = parsed(compile_catalogue(po_path))
    committed_entries, committed_plural = parsed(mo_path.read_bytes())

    stale = sorted(
        str(key) for key in expected_entries.keys() | committed_entries.keys()
        if expected_entries.get(key) != committed_entries.get(key)
    )
    assert not stale, (
        f"{mo_path.relative_to(ROOT)} is stale: it differs from {name} in {len(stale)} entries "
        f"(first: {stale[0][:80]!r}). {FIX}"
    )
    assert committed_plural == expected_plural, f"{mo_path.relative_to(ROOT)} has a stale plural rule. {FIX}"


def test_django_reads_the_committed_catalogues():
    with translation.override("ar"):
        # Arabic has six plural forms: 2 takes the dual.
        dual = translation.ngettext("%(minutes)s minute read", "%(minutes)s minutes read", 2)
        assert dual == "مدة القراءة: %(minutes)s دقيقتان"
    with translation.override("zh-hans"):
        assert translation.gettext("Plain text") == "纯文本"


def test_compile_catalogues_writes_stale_files_only(tmp_path, settings):
    source = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
    for language in ("de", "fr"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(source, folder / "django.po")
    fresh = tmp_path / "fr" / "LC_MESSAGES" / "django.mo"
    fresh.write_bytes(compile_catalogue(source))
    settings.LOCALE_PATHS = [tmp_path]

    out = io.StringIO()
    call_command("compile_catalogues", stdout=out)

    written = tmp_path / "de" / "LC_MESSAGES" / "django.mo"
    assert parsed(written.read_bytes()) == parsed(compile_catalogue(source))
    assert out.getvalue().splitlines() == [f"Compiled {written}"]  # the up-to-date fr catalogue is left alone


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_message_is_translated(po_path):
    """Readers see no English in their language: every entry (plural forms included) is translated
    and none is left fuzzy by a makemessages run."""
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file)
    untranslated = [message.id for message in catalogue if message.id and (
        message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))]
    assert untranslated == [], f"{po_path}: translate these (then `make messages`): {untranslated[:5]}"
