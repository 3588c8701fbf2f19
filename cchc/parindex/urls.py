from django.urls import path

from . import views, views_appraisal, views_documents, views_results, views_versions

app_name = "parindex"

urlpatterns: list = [
    path("versions/", views_versions.version_list, name="versions"),
    path("versions/<int:pk>/", views_versions.version_detail, name="version"),
    path("versions/upload/", views_versions.version_upload, name="version_upload"),
    path("versions/<int:pk>/export.xlsx", views_versions.version_xlsx, name="version_xlsx"),
    path("versions/<int:pk>/export.yaml", views_versions.version_yaml, name="version_yaml"),
    path("assessments/<int:pk>/report.docx", views_documents.assessment_report_docx, name="assessment_report_docx"),
    path("assessments/<int:pk>/report.xlsx", views_documents.assessment_report_xlsx, name="assessment_report_xlsx"),
    path("seasons/<int:pk>/result.docx", views_documents.season_result_docx, name="season_result_docx"),
    path("seasons/<int:pk>/result.xlsx", views_documents.season_result_xlsx, name="season_result_xlsx"),
    path("appraisal/", views_appraisal.appraisal_queue, name="appraisal_queue"),
    path("assessments/<int:pk>/appraise/", views_appraisal.appraise, name="appraise"),
    path("assessments/<int:pk>/appraise/finish/", views_appraisal.appraisal_finish, name="appraisal_finish"),
    path("assessments/<int:pk>/respond/", views_appraisal.respond, name="respond"),
    path("assessments/<int:pk>/close/", views_appraisal.close, name="close"),
    path("scores/<int:pk>/appraise/", views_appraisal.appraise_score, name="appraise_score"),
    path("scores/<int:pk>/decide/", views_appraisal.decide_score, name="decide_score"),
    path("evidence/<int:pk>/appraisal/", views_appraisal.appraisal_evidence, name="appraisal_evidence"),
    path("seasons/<int:pk>/appraisers/", views_appraisal.appraisers, name="appraisers"),
    path("seasons/<int:pk>/to-appraisal/", views_appraisal.season_to_appraisal, name="season_to_appraisal"),
    path("seasons/<int:pk>/close-unsubmitted/", views_appraisal.close_unsubmitted, name="close_unsubmitted"),
    path("assessments/<int:pk>/result/", views_results.result, name="result"),
    path("assessments/<int:pk>/result/correct/", views_results.correct, name="correct"),
    path("seasons/<int:pk>/results/", views_results.season_results, name="season_results"),
    path("seasons/<int:pk>/publish/", views_results.publish, name="publish"),
    path("seasons/<int:pk>/survey/", views_results.survey_import, name="survey_import"),
    path("", views.index, name="index"),
    path("seasons/new/", views.season_open, name="season_open"),
    path("seasons/opening/<int:pk>/", views.season_opening, name="season_opening"),
    path("seasons/<int:pk>/", views.season, name="season"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/score/", views.assessment_score, name="assessment_score"),
    path("assessments/<int:pk>/evidence/", views.assessment_evidence, name="assessment_evidence"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/report-text/", views.assessment_report_text, name="assessment_report_text"),
    path("assessments/<int:pk>/applicability/", views.assessment_applicability, name="assessment_applicability"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
