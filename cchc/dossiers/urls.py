from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("near-due/", views.near_due, name="near_due"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
]
