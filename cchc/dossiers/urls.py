from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("export.xlsx", views.dossier_list_xlsx, name="list_xlsx"),
    path("near-due/", views.near_due, name="near_due"),
    path("upload/", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/map-units/", views.job_map_units, name="job_map_units"),
    path("jobs/<int:pk>/refused/", views.job_refused, name="job_refused"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/history/", views.dossier_history, name="history"),
    path("<int:pk>/apology/", views.apology_new, name="apology_new"),
    path("apologies/<int:pk>/document/", views.apology_document, name="apology_document"),
]
