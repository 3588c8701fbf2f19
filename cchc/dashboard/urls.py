from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/figures/<str:kpi>/dossiers/", views.figure_dossiers, name="figure_dossiers"),
    path("integrity/", views.integrity, name="integrity"),
    path("units/<int:pk>/integrity/", views.unit_integrity, name="unit_integrity"),
    # Moved to cchc.corrective (/actions/...): permanent redirects, so bookmarks and old links keep working.
    path("actions/", views.MovedToCorrective.as_view(pattern_name="corrective:list")),
    path("actions/detect/", views.MovedToCorrective.as_view(pattern_name="corrective:detect")),
    path("actions/<int:pk>/", views.MovedToCorrective.as_view(pattern_name="corrective:detail")),
    path("actions/<int:pk>/respond/", views.MovedToCorrective.as_view(pattern_name="corrective:respond")),
    path("actions/<int:pk>/confirm/", views.MovedToCorrective.as_view(pattern_name="corrective:confirm")),
]
