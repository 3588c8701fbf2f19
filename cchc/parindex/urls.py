from django.urls import path  # noqa: F401

from . import (
    views,  # noqa: F401
    views_versions,
)

app_name = "parindex"

urlpatterns: list = [
    path("versions/", views_versions.version_list, name="versions"),
    path("versions/<int:pk>/", views_versions.version_detail, name="version"),
    path("versions/upload/", views_versions.version_upload, name="version_upload"),
    path("versions/<int:pk>/export.xlsx", views_versions.version_xlsx, name="version_xlsx"),
    path("versions/<int:pk>/export.yaml", views_versions.version_yaml, name="version_yaml"),
]
