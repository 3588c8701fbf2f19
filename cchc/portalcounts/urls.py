from django.urls import path

from . import views

app_name = "portalcounts"
urlpatterns = [
    path("", views.count_list, name="list"),
    path("export.xlsx", views.count_list_xlsx, name="list_xlsx"),
    path("import/", views.count_import, name="import"),
]
