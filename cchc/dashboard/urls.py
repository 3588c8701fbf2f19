from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("actions/", views.action_list, name="actions"),
    path("actions/detect/", views.action_detect, name="actions_detect"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/respond/", views.action_respond, name="action_respond"),
    path("actions/<int:pk>/confirm/", views.action_confirm, name="action_confirm"),
]
