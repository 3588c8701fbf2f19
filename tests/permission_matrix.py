"""What the permission matrices share (tests/web, tests/reporting, tests/dashboard, tests/corrective): the
roles of a row, one cell's request and the checks on its answer, and the walk over every named URL that
makes a matrix fail when a view has no row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.urls import URLResolver, get_resolver

from tests.factories import client_for

#: The columns of every matrix: ``users`` (tests.factories.make_users) holds all but "anonymous".
ROLES = (
    "anonymous", "admin", "officer", "leader", "inspector",
    "focal_snv", "focal_district", "focal_commune", "focal_commune2",
)
DENIED = "Bạn không có quyền thực hiện thao tác này."


def check_cell(matrix: dict[str, tuple[int, ...]], name: str, role: str, users: dict, url: str, *,
               method: str = "get", redirect: Callable[[], str] | None = None) -> None:
    """``role`` asking for ``url`` (the view ``name``) gets the matrix's status; a 302 goes where
    ``redirect()`` says (unchecked when None), a 403 says why."""
    from django.test import Client

    expected = matrix[name][ROLES.index(role)]
    client = Client() if role == "anonymous" else client_for(user=users[role])
    response = getattr(client, method)(url)
    assert response.status_code == expected, f"{role} on {name} ({url})"
    if expected == 302 and redirect is not None:
        assert response["Location"] == redirect()
    if expected == 403:
        assert DENIED in response.content.decode()


def url_names(*, skip: Iterable[str] = ()) -> set[str]:
    """Every named URL, as "namespace:name" (a bare name outside namespaces), leaving out the namespaces
    in ``skip``."""
    skipped = set(skip)

    def walk(patterns, namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in skipped:
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def appraiser_status(matrix: dict[str, tuple[int, ...]], name: str, differs: dict[str, int]) -> int:
    """What a PAR index appraiser (Role.APPRAISER, issue 13) gets for ``name``: an inspector's status, both
    reading the province and writing nothing there, unless the matrix's ``differs`` says otherwise."""
    return differs.get(name, matrix[name][ROLES.index("inspector")])


def appraiser_cell(matrix: dict[str, tuple[int, ...]], name: str, url: str, differs: dict[str, int], *,
                   method: str = "get") -> None:
    """An appraiser (a member of no Tổ thẩm định) asking for ``url`` gets :func:`appraiser_status`."""
    from tests.factories import make_appraiser

    response = getattr(client_for(user=make_appraiser(username="thamdinh.matran")), method)(url)
    assert response.status_code == appraiser_status(matrix, name, differs), f"appraiser on {name} ({url})"
    if response.status_code == 403:
        assert DENIED in response.content.decode()
