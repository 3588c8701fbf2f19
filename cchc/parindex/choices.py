"""The PAR index vocabulary (Chỉ số CCHC, F4): scoring methods, evidence states, the season's and a unit's
assessment's states, and the default bands, each with its lazy label.

Sources: DOMAIN §2 (self-assessment → appraisal → survey, 100 points), §11 Q4 (bands, survey share),
§12.3 (one index per issuer, year and block; mandatory evidence or an explanation; the Tổ thẩm định).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """How a component criterion (tiêu chí thành phần) gets its points (DOMAIN §2 "Model", §11 Q4)."""

    EVIDENCE = "evidence", _("Tự chấm có minh chứng, được thẩm định")
    COMPUTED = "computed", _("Tính từ số liệu CCHC")
    SURVEY = "survey", _("Điều tra xã hội học")


class EvidenceState(models.TextChoices):
    """Whether the unit's evidence proves the self-score (DOMAIN §12.3: evidence, or an explanation)."""

    FULL = "full", _("Đủ minh chứng")
    PARTIAL = "partial", _("Minh chứng chưa đầy đủ")
    NONE = "none", _("Không có minh chứng")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_FORCE = "in_force", _("Đang áp dụng")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class SeasonStatus(models.TextChoices):
    """The year's assessment, in the order it runs (DOMAIN §12.3 workflow)."""

    SELF = "self", _("Đơn vị tự đánh giá")
    APPRAISAL = "appraisal", _("Thẩm định")
    PUBLISHED = "published", _("Đã công bố")


class AssessmentStatus(models.TextChoices):
    """One unit's assessment in a season."""

    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định, chờ ý kiến đơn vị")
    RESPONDED = "responded", _("Đơn vị đã phản hồi, chờ quyết định")
    DECIDED = "decided", _("Đã chốt điểm")
    PUBLISHED = "published", _("Đã công bố")


class Applicability(models.TextChoices):
    """When an area or component applies to a unit (DOMAIN §12.3: units that handle no procedures are not
    scored on the procedure area and some IT criteria; the total is rescaled to 100)."""

    ALL = "all", _("Mọi đơn vị")
    HANDLES_PROCEDURES = "handles_procedures", _("Đơn vị có giải quyết TTHC")


#: The national grouping used where a version has no bands of its own (DOMAIN §11 Q4, §12.3: A ≥ 90,
#: B 80–< 90, C 70–< 80). Each band: code, label, lowest percentage (inclusive).
DEFAULT_BANDS = (
    {"code": "A", "label": "Nhóm A", "min_pct": 90},
    {"code": "B", "label": "Nhóm B", "min_pct": 80},
    {"code": "C", "label": "Nhóm C", "min_pct": 70},
)
