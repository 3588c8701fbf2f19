from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.draw, name="draw"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:which>/", views.plan_change, name="plan_change"),
    path("plans/<int:pk>/document.docx", views.plan_docx, name="plan_docx"),
    path("<int:pk>/", views.inspection_detail, name="inspection"),
    path("<int:pk>/record/", views.inspection_record, name="record"),
    path("<int:pk>/finding/", views.inspection_finding, name="finding"),
    path("<int:pk>/notice/", views.inspection_notice, name="notice"),
    path("<int:pk>/<str:which>.docx", views.inspection_docx, name="docx"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/submit/", views.item_submit, name="item_submit"),
    path("items/<int:pk>/close/", views.item_close, name="item_close"),
    path("items/<int:pk>/evidence/", views.item_evidence, name="item_evidence"),
]
