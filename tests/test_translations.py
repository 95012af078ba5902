"""The Russian and Kazakh catalogues: complete, with the placeholders of
their English strings and each language's plural forms, and compiled by the
set-up's own tool without GNU gettext."""

import gettext
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]|%[sd]|%%")
PLURALS = {"ru": 3, "kk": 2}


def catalogue(language, domain="django"):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("language", PLURALS)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_is_translated_and_none_is_fuzzy(language, domain):
    po = catalogue(language, domain)
    assert len(po) > (400 if domain == "django" else 1)
    assert [entry.msgid for entry in po if not entry.translated() or "fuzzy" in entry.flags] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", PLURALS)
def test_translations_keep_the_placeholders_of_the_english(language):
    for entry in catalogue(language):
        if entry.msgid_plural:
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(text)) <= allowed, entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize(("language", "forms"), PLURALS.items())
def test_each_language_has_its_own_plural_forms(language, forms):
    po = catalogue(language)
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={forms};")
    assert all(len(entry.msgstr_plural) == forms for entry in po if entry.msgid_plural)


def test_the_setup_compiles_catalogues_that_gettext_reads(tmp_path):
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run([sys.executable, str(ROOT / "bin" / "compile-translations"), str(tmp_path / "locale")], check=True)
    with open(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        russian = gettext.GNUTranslations(compiled)
    thoughts = "One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”"
    assert [russian.ngettext(*thoughts, n) % {"count": n, "title": "Т"} for n in (1, 3, 11, 21)] == [
        "1 комментарий к «Т»", "3 комментария к «Т»", "11 комментариев к «Т»", "21 комментарий к «Т»",
    ]
    with open(tmp_path / "locale" / "kk" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        kazakh = gettext.GNUTranslations(compiled)
    assert kazakh.ngettext(*thoughts, 5) % {"count": 5, "title": "Т"} == "«Т» туралы 5 пікір"


def test_the_admin_scripts_strings_reach_the_browser_catalogue(admin_client):
    response = admin_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="kk")
    # The catalogue travels as JSON with non-ASCII escaped.
    assert json.dumps("Жүктелуде…") in response.content.decode()
