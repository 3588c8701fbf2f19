from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read/", views.mark_read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
]
