"""The English catalogue is complete: re-extracting the messages leaves none untranslated or fuzzy.

The extraction runs on a copy of the package (the project's makemessages, with the core's ``N_`` marks),
so the checkout's django.po is never rewritten by a test. A message added to the code without its English
translation in cchc/locale/en/LC_MESSAGES/django.po fails here, named.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.utils import translation

from cchc.analytics.choices import indicator_name, kpi_name, period_name
from cchc.core import kpis, score766

PACKAGE = Path(__file__).resolve().parent.parent / "cchc"
PO = Path("locale/en/LC_MESSAGES/django.po")


def _entries(po_text: str) -> list[tuple[list[str], str, list[str]]]:
    """(flags, msgid, msgstrs) of every entry but the header."""
    found = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = [f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")]
        parts: dict[str, list[str]] = {}
        key = None
        for line in lines:
            m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
            if m:
                key = m.group(1)
                parts[key] = [m.group(2)]
            elif line.startswith('"') and key:
                parts[key].append(line[1:-1])
        if "msgid" not in parts:
            continue
        msgid = "".join(parts["msgid"])
        if msgid:
            found.append((flags, msgid, ["".join(v) for k, v in parts.items() if k.startswith("msgstr")]))
    return found


def incomplete(po_text: str) -> list[str]:
    """The msgids that are fuzzy or have an empty translation."""
    return [msgid for flags, msgid, strs in _entries(po_text) if "fuzzy" in flags or not all(strs)]


def test_the_check_sees_untranslated_and_fuzzy_entries():
    po = ('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "Đạt"\nmsgstr "Met"\n\nmsgid "Trễ"\nmsgstr ""\n\n'
          '#, fuzzy\nmsgid "Mới"\nmsgstr "New"\n\nmsgid ""\n"Hai "\n"dòng"\nmsgstr ""\n"Two "\n"lines"\n\n'
          'msgid "{n} hồ sơ"\nmsgid_plural "{n} hồ sơ"\nmsgstr[0] "{n} dossier"\nmsgstr[1] ""\n')
    assert incomplete(po) == ["Trễ", "Mới", "{n} hồ sơ"]


def test_makemessages_leaves_no_english_message_untranslated(tmp_path):
    # Fails, never skips, without GNU gettext: `make test` installs it (like Chromium for the browser tests).
    assert shutil.which("xgettext"), "GNU gettext is missing: run `make test`, which installs it"
    copy = tmp_path / "cchc"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cchc.settings",
           "CCHC_HELP_ONLY": "1"}
    # django-admin, not ``python -m django``: run from inside the package, ``-m`` would put the package's own
    # folder first on the path, and cchc/platform would shadow the standard library's ``platform``.
    django_admin = Path(sys.executable).parent / "django-admin"
    subprocess.run([str(django_admin), "makemessages", "-l", "en", "--no-obsolete", "-v", "0",
                    "--ignore=*.egg-info"], cwd=copy, env=env, check=True, capture_output=True)
    regenerated = (copy / PO).read_text(encoding="utf-8")
    assert "Hồ sơ trễ hạn chưa có văn bản xin lỗi" in regenerated, "the core's N_() marks must be extracted"
    assert incomplete(regenerated) == [], "translate these in cchc/locale/en/LC_MESSAGES/django.po"


def test_core_names_are_translated_in_the_readers_language():
    definition = kpis.definition_for("ontime_rate", date(2026, 1, 1))
    indicator = score766.INDICATORS_BY_CODE["2.1"]
    with translation.override("vi"):
        assert kpi_name(definition) == "Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)"
        assert indicator_name(indicator) == "Tỷ lệ hồ sơ giải quyết đúng hạn"
        assert period_name("quarter", date(2026, 4, 1)) == "Quý II/2026"
    with translation.override("en"):
        assert kpi_name(definition) == "On-time rate (766 group 2)"
        assert indicator_name(indicator) == "On-time dossier processing rate"
        assert period_name("quarter", date(2026, 4, 1)) == "Quarter II, 2026"
        assert period_name("half", date(2026, 1, 1)) == "First half of 2026"


def test_every_kpi_name_translates_to_its_catalogue_english_name():
    """The catalogue's ``name_en`` and the .po agree, so no page shows two English names for one KPI."""
    with translation.override("en"):
        assert {d.code: kpi_name(d) for d in kpis.KPIS} == {d.code: d.name_en for d in kpis.KPIS}
        assert [i.code for i in score766.INDICATORS if indicator_name(i) == i.name_vi] == []


def test_a_stored_kpi_code_is_shown_by_its_name_in_the_readers_language():
    """Issue #12 item 7: pages, the API and documents name a stored code through kpi_name_of, never raw."""
    from cchc.analytics.choices import kpi_name_of, unit_label

    with translation.override("vi"):
        assert kpi_name_of("ontime_rate") == "Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)"
        assert kpi_name_of("late_without_apology", 1) == "Hồ sơ trễ hạn chưa có văn bản xin lỗi"
        assert unit_label(kpis.DOSSIERS) == "hồ sơ"
    with translation.override("en"):
        assert kpi_name_of("ontime_rate") == "On-time rate (766 group 2)"
        assert kpi_name_of("late_without_apology", 2) == kpi_name_of("late_without_apology", 99) == (
            "Late dossiers without an apology")  # an unknown version: the latest's name
        assert kpi_name_of("no_such_kpi") == "no_such_kpi"  # not in the catalogue: shown as it is, not hidden
        assert [unit_label(u) for u in (kpis.PERCENT, kpis.DOSSIERS, kpis.POINTS)] == ["%", "dossier", "points"]
