from django.urls import path

from . import views

app_name = "scoreboard"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("units/<int:pk>/", views.unit_scorecard, name="unit"),
    path("units/<int:pk>/dossiers/<str:indicator>/", views.lost_dossiers, name="dossiers"),
]
