from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.period_list, name="periods"),
    path("periods/new/", views.period_new, name="period_new"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/state/", views.period_state, name="period_state"),
    path("periods/<int:pk>/documents/", views.period_generate, name="period_generate"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/<str:kind>/", views.document_file, name="document_file"),
    path("r/<int:pk>/", views.report_detail, name="report"),
    path("r/<int:pk>/review/", views.report_review, name="report_review"),
    path("r/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("r/<int:pk>/history/", views.report_history, name="report_history"),
    path("r/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("r/<int:pk>/documents/", views.report_generate, name="report_generate"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("measures/<int:pk>/evidence/", views.measure_evidence, name="measure_evidence"),
]
