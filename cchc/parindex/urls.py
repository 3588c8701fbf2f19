from django.urls import path  # noqa: F401

from cchc.parindex import views_appraisal

from . import views  # noqa: F401

app_name = "parindex"

urlpatterns: list = [
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
]
