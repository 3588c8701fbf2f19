from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cchc.api import api
from cchc.web import views as web_views

admin.site.site_header = _("Quản trị CCHC")
admin.site.site_title = _("Quản trị CCHC")

urlpatterns = [
    path("", web_views.home, name="home"),
    path("overview/", web_views.overview, name="overview"),
    path("jobs/", web_views.jobs, name="jobs"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("cchc.units.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("accounts/", include("cchc.accounts.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
    path("scoreboard/", include("cchc.scoreboard.urls")),
    path("portal766/", include("cchc.portal766.urls")),
    path("reports/", include("cchc.reporting.urls")),
    path("dashboard/", include("cchc.dashboard.urls")),
    path("actions/", include("cchc.corrective.urls")),
    path("classification/", include("cchc.classification.urls")),
    path("par-index/", include("cchc.parindex.urls")),
    path("notices/", include("cchc.notices.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("publications/", include("cchc.publications.urls")),
    path("petitions/", include("cchc.petitions.urls")),
    path("portal-counts/", include("cchc.portalcounts.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Every error page, in the site's layout and the reader's language (cchc.platform.errors.render_error).
handler400 = "cchc.web.errors.bad_request"
handler403 = "cchc.web.errors.permission_denied"
handler404 = "cchc.web.errors.page_not_found"
handler500 = "cchc.web.errors.server_error"
