from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("units/<int:pk>/", views.unit_list, name="unit"),
]
