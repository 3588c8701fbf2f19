from django.urls import path

from . import views

app_name = "classification"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("run/", views.proposal_run, name="run"),
    path("export.xlsx", views.proposal_xlsx, name="xlsx"),
    path("export.docx", views.proposal_docx, name="docx"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("reminders/", views.reminder_list, name="reminders"),
    path("reminders/new/<int:unit_id>/", views.reminder_new, name="reminder_new"),
]
