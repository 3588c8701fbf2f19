"""The PAR index forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# --- versions (pi-structure) ----------------------------------------------------------------------


class VersionUploadForm(forms.Form):
    """Upload an index version's structure (XLSX or YAML), optionally superseding an older version."""

    file = forms.FileField(label=_("Tệp bộ chỉ số (XLSX hoặc YAML)"),
                           help_text=_("Một trang tính, dòng đầu là tên cột; một dòng «Bộ chỉ số», rồi mỗi lĩnh vực, "
                                       "tiêu chí, tiêu chí thành phần một dòng. Tải một bộ chỉ số có sẵn về để xem mẫu."))
    supersedes = forms.CharField(label=_("Thay thế bộ chỉ số (mã)"), required=False, max_length=64,
                                 help_text=_("Với quyết định sửa đổi, thay thế: mã của bộ chỉ số cũ; bộ cũ được ghi là "
                                             "«Đã được thay thế»."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp «%(name)s» vượt giới hạn %(limit)s MB một tệp."),
                                        params={"name": upload.name,
                                                "limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
        return upload
