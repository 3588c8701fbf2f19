from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("figures/", views.publication_figures, name="figures"),
    path("upload/", views.publication_upload, name="upload"),
]
