"""The site's URLs plus two views that fail, for the 500 pages (tests only): Django reads handler500 and
the others from the ROOT_URLCONF, so they are the site's own."""

from django.urls import path

from cchc.urls import handler400, handler403, handler404, handler500  # noqa: F401 - read by Django
from cchc.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("a fault no one foresaw")


urlpatterns = [path("hong/", broken), path("api/v1/hong/", broken), *site]


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("a reason in English that users never see")


urlpatterns.insert(0, path("cam/", forbidden))
