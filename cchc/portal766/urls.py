from django.urls import path

from . import views

app_name = "portal766"
urlpatterns = [
    path("", views.reconciliation, name="reconciliation"),
    path("import/", views.upload, name="upload"),
    path("units/<int:pk>/", views.unit_reconciliation, name="unit"),
    path("units/<int:pk>/history/", views.unit_history, name="history"),
    path("units/<int:pk>/differences.csv", views.differences_csv, name="differences_csv"),
    path("lists/import/", views.upload_lists, name="upload_lists"),
]
