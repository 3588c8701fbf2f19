from django.urls import path

from . import views

app_name = "corrective"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("export.xlsx", views.action_list_xlsx, name="list_xlsx"),
    path("detect/", views.action_detect, name="detect"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/respond/", views.action_respond, name="respond"),
    path("<int:pk>/confirm/", views.action_confirm, name="confirm"),
]
