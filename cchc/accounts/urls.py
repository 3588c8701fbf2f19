from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("audit/export.xlsx", views.audit_xlsx, name="audit_xlsx"),
    path("me/", views.me, name="me"),
    path("me/password/", views.PasswordChange.as_view(), name="password_change"),
    path("2fa/setup/", views.twofactor_setup, name="twofactor_setup"),
    path("2fa/verify/", views.twofactor_verify, name="twofactor_verify"),
    path("2fa/disable/", views.twofactor_disable, name="twofactor_disable"),
]
