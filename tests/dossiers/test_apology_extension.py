"""Timeliness follows the rule version in force when the letter is issued (DOMAIN §12.2; worked by hand).

A dossier received Mon 8/9/2025 (or 15/9), due Fri 12/9 (or 19/9) 16:00, finished the following Tue at
10:00 — three days past its due date — after a letter naming that Tuesday 17:00 as the new date:

* letter issued Thu 11/9/2025, TT 01/2018 Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả": the due date
  stays Fri 12/9 (the apology answers the lateness, seed 002); finished Tue 16/9 → **late**;
* letter issued Thu 18/9/2025, TT 03/2025 Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn": the extension moves the
  current due date to Tue 23/9 17:00 [K: extension_moves_due] and the original (Fri 19/9) is kept; finished Tue
  23/9 10:00 → **on time**.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cchc.core.timeliness import Timeliness, classify
from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.filters import facts_of
from cchc.dossiers.models import Dossier
from tests.factories import make_dossier, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: int, month: int, hour: int) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=VN)


@pytest.mark.parametrize(("received", "due", "issued", "new_due", "finished", "moves", "verdict", "form"), [
    ((8, 9, 9), (12, 9, 16), (11, 9, 15), (16, 9, 17), (16, 9, 10), False, Timeliness.LATE, "TT 01/2018"),
    ((15, 9, 9), (19, 9, 16), (18, 9, 15), (23, 9, 17), (23, 9, 10), True, Timeliness.ON_TIME, "TT 03/2025"),
], ids=["letter-11-9-2025-tt01", "letter-18-9-2025-tt03"])
def test_an_extension_moves_the_due_date_only_under_tt03(users, province, received, due, issued, new_due, finished,
                                                          moves, verdict, form):
    dossier = make_dossier(unit=province.commune, procedure=make_procedure(time_limit=5), status=4,
                           received_at=_at(*received), due_at=_at(*due), original_due_at=_at(*due))
    letter = issue_apology(user=users["officer"], dossier=dossier, reason="Chờ ý kiến cơ quan phối hợp",
                           signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn A", new_due_at=_at(*new_due),
                           now=_at(*issued))
    assert form in letter.form_version
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.original_due_at == _at(*due)
    assert dossier.due_at == (_at(*new_due) if moves else _at(*due))
    dossier.status, dossier.finished_at = 10, _at(*finished)
    dossier.save()
    assert classify(facts_of(dossier), _at(30, 9, 12)) == verdict
