from django.urls import path  # noqa: F401

from . import views  # noqa: F401
from .views_documents import (
    assessment_report_docx,
    assessment_report_xlsx,
    season_result_docx,
    season_result_xlsx,
)

app_name = "parindex"

urlpatterns: list = [
    path("assessments/<int:pk>/report.docx", assessment_report_docx, name="assessment_report_docx"),
    path("assessments/<int:pk>/report.xlsx", assessment_report_xlsx, name="assessment_report_xlsx"),
    path("seasons/<int:pk>/result.docx", season_result_docx, name="season_result_docx"),
    path("seasons/<int:pk>/result.xlsx", season_result_xlsx, name="season_result_xlsx"),
]
