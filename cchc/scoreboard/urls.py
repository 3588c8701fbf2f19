from django.urls import path

from . import views

app_name = "scoreboard"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("units/<int:pk>/", views.unit_scorecard, name="unit"),
]
