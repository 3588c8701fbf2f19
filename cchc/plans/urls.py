from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/history/", views.task_history, name="task_history"),
    path("tasks/<int:pk>/units.xlsx", views.task_xlsx, name="task_xlsx"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/units.xlsx", views.target_xlsx, name="target_xlsx"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/update/", views.assignment_update, name="assignment_update"),
    path("updates/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<str:code>/", views.plan_detail, name="detail"),
    path("<str:code>/source/", views.plan_source, name="source"),
    path("<str:code>/export.yaml", views.plan_export, {"fmt": "yaml"}, name="export_yaml"),
    path("<str:code>/export.xlsx", views.plan_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<str:code>/targets.xlsx", views.plan_table_xlsx, {"table": "targets"}, name="targets_xlsx"),
    path("<str:code>/tasks.xlsx", views.plan_table_xlsx, {"table": "tasks"}, name="tasks_xlsx"),
]
