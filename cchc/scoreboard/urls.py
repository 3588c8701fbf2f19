from django.urls import path

from . import views

app_name = "scoreboard"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("units/<int:pk>/", views.unit_scorecard, name="unit"),
    path("units/<int:pk>/dossiers/<str:indicator>/", views.lost_dossiers, name="dossiers"),
    path("units/<int:pk>/dossiers/<str:indicator>/export.xlsx", views.lost_dossiers_xlsx, name="dossiers_xlsx"),
]
urlpatterns += [
    path("units/<int:pk>/whatif/", views.unit_whatif, name="whatif"),
    path("whatif/", views.province_whatif, name="province_whatif"),
]
