from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "parindex"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("seasons/new/", views.season_open, name="season_open"),
    path("seasons/<int:pk>/", views.season, name="season"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/score/", views.assessment_score, name="assessment_score"),
    path("assessments/<int:pk>/evidence/", views.assessment_evidence, name="assessment_evidence"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/report-text/", views.assessment_report_text, name="assessment_report_text"),
    path("assessments/<int:pk>/applicability/", views.assessment_applicability, name="assessment_applicability"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
