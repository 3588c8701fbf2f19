from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "parindex"

urlpatterns: list = [
]

from . import views_results  # noqa: E402  (pi-results)

urlpatterns += [
    path("assessments/<int:pk>/result/", views_results.result, name="result"),
    path("assessments/<int:pk>/result/correct/", views_results.correct, name="correct"),
    path("seasons/<int:pk>/results/", views_results.season_results, name="season_results"),
    path("seasons/<int:pk>/publish/", views_results.publish, name="publish"),
    path("seasons/<int:pk>/survey/", views_results.survey_import, name="survey_import"),
]
