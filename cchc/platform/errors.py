"""Where a failure becomes an answer, once per channel.

Services raise the domain's exceptions (``cchc.core.errors``); Django and django-ninja raise their own
(``Http404``, ``PermissionDenied``, a request that does not parse or validate). :func:`describe` reads any of
them as one :class:`Failure` (HTTP status, stable code, translated message, issues), and each channel
renders that once:

* the JSON API: :func:`error_body`, the one body every error of ``/api/`` has (:class:`ErrorOut` documents
  it in the OpenAPI document), wired into the NinjaAPI by :func:`install_api_handlers`;
* the site: :func:`render_error`, used by ``DomainErrorMiddleware`` and by ``handler400/403/404/500``, a page
  in the site's layout in the reader's language (JSON instead when the path is under ``/api/``, as datasette's
  ``handle_exception`` chooses by path);
* the CLI: :func:`exit_with`, each issue on stderr, then the summary, one exit code;
* background jobs: :func:`job_messages`, what a failed job keeps for its page.

Messages are translated here, at the edge, in the active language: the core cannot translate (it has no
Django), so even an issue's location words ("dòng", "trường") are worded here (:func:`issue_text`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.management.base import CommandError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid

from cchc.core.errors import DomainError, InvalidInput, Issue, NotAllowed, NotFound
from cchc.core.i18n import keeping

#: The "and N more" line keeps its id and count, to be shown again in each reader's language (a job's issues).
_kept = keeping(_)

#: Paths answered in JSON even when the failure happens outside django-ninja (an unknown /api/ URL, a 500).
API_PREFIX = "/api/"
#: The exit code of a command that a rule or its input refused (argparse keeps 2 for a wrong command line).
EXIT_REFUSED = 1


@dataclass(frozen=True)
class Failure:
    """A failure as every channel sees it: ``code`` is stable for programs, ``detail`` is for people."""

    status: int
    code: str
    detail: str
    issues: tuple[Issue, ...] = field(default=())


class CsrfFailed(PermissionDenied):
    """A form or API call of the browser session without a valid CSRF token (usually an expired session)."""


class MethodRefused(Exception):
    """A request whose method the address does not take (Django's and django-ninja's 405 has no body of
    ours): ``allowed`` is the response's ``Allow`` header."""

    def __init__(self, method: str, allowed: str):
        super().__init__(method)
        self.method, self.allowed = method, allowed


TITLES = {
    400: gettext_lazy("Dữ liệu không hợp lệ"),
    401: gettext_lazy("Cần đăng nhập"),
    403: gettext_lazy("Không có quyền truy cập"),
    404: gettext_lazy("Không tìm thấy"),
    405: gettext_lazy("Phương thức không được nhận"),
    413: gettext_lazy("Nội dung quá lớn"),
    422: gettext_lazy("Dữ liệu không hợp lệ"),
    429: gettext_lazy("Quá nhiều yêu cầu"),
    500: gettext_lazy("Lỗi hệ thống"),
}

# What pydantic's error types mean, in the reader's language (pydantic's own texts are English).
_FIELD_MESSAGES = {
    "missing": gettext_lazy("Thiếu giá trị bắt buộc."),
    "int": gettext_lazy("Phải là số nguyên."),
    "float": gettext_lazy("Phải là một số."),
    "decimal": gettext_lazy("Phải là một số."),
    "string": gettext_lazy("Phải là chuỗi ký tự."),
    "bool": gettext_lazy("Phải là true hoặc false."),
    "date": gettext_lazy("Phải là ngày dạng yyyy-mm-dd."),
    "datetime": gettext_lazy("Phải là thời điểm dạng ISO 8601 (yyyy-mm-ddThh:mm:ss)."),
    "list": gettext_lazy("Phải là một danh sách."),
    "dict": gettext_lazy("Phải là một đối tượng JSON (các cặp khóa–giá trị)."),
    "model": gettext_lazy("Phải là một đối tượng JSON (các cặp khóa–giá trị)."),
    "json": gettext_lazy("Không phải JSON hợp lệ."),
    "too": gettext_lazy("Độ dài không hợp lệ."),
}


_INVALID = gettext_lazy("Giá trị không hợp lệ.")


def issue_text(issue: Issue) -> str:
    """``file, dòng 3, trường «status»: message`` in the active language (the CLI's lines, a page's list):
    the issue's own rendering (cchc.core.errors.Issue, the one place its location is worded)."""
    return str(issue)


def shown_issues(exc: InvalidInput) -> list[Issue]:
    """The issues every channel shows for a refused input: the first ``IMPORT_MAX_ISSUES``, then one line
    "và N lỗi khác" counting the rest (those kept beyond the limit and those the collector dropped,
    ``InvalidInput.omitted``). The CLI, the API's body and a job's page show the same list."""
    limit = settings.IMPORT_MAX_ISSUES
    more = max(len(exc.issues) - limit, 0) + exc.omitted
    issues = list(exc.issues[:limit])
    if more:
        issues.append(Issue(_kept("… và {count} lỗi khác, không liệt kê ở đây (tổng cộng {total} lỗi).").format(
            count=more, total=exc.count)))
    return issues


def _field_message(kind: str):
    """The words for a pydantic error type: ``int_parsing`` and ``list_type`` say what the value must be,
    ``string_too_long`` that its length is wrong; anything else is an invalid value."""
    if kind == "missing" or kind.endswith(("_type", "_parsing", "_from_float", "_invalid")):
        return _FIELD_MESSAGES.get(kind.split("_")[0], _INVALID)
    if kind.endswith(("too_long", "too_short")):
        return _FIELD_MESSAGES["too"]
    return _INVALID


def _request_issues(exc: RequestInvalid) -> tuple[Issue, ...]:
    """django-ninja's validation errors as issues: the field is the parameter's path without its source
    (``query``, ``body``) and, inside a body, without the body parameter's own name."""
    issues = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        path = loc[1:]
        if loc[:1] == ["body"] and len(path) > 1:
            path = path[1:]
        issues.append(Issue(str(_field_message(str(error.get("type", "")))), field=".".join(path)))
    return tuple(issues)


def _http_error(exc: HttpError) -> Failure:
    """django-ninja's own refusals, whose texts are English, reworded by status."""
    status = exc.status_code
    if isinstance(exc, AuthenticationError) or status == 401:
        return Failure(401, "unauthenticated", _("Cần đăng nhập, hoặc gửi mã truy cập hợp lệ (Authorization: Bearer …)."))
    if isinstance(exc, Throttled) or status == 429:
        return Failure(429, "too_many_requests", _("Quá nhiều yêu cầu; hãy thử lại sau ít phút."))
    if status == 403 and "csrf" in str(exc).lower():
        return describe(CsrfFailed())
    if status == 403:
        return Failure(403, "forbidden", _("Bạn không có quyền thực hiện thao tác này."))
    if status == 400:
        return Failure(400, "unreadable_request", _("Không đọc được nội dung yêu cầu: cần JSON hợp lệ."))
    return Failure(status, "http_error", _("Không thực hiện được yêu cầu."))


def describe(exc: BaseException | None) -> Failure:
    """Any failure (None: an unknown one, as ``handler500`` knows it) as status, code, message, issues."""
    if isinstance(exc, InvalidInput):  # the issues worded here, so in English too (the core's text is Vietnamese)
        detail = "; ".join(issue_text(i) for i in exc.issues[:20]) or str(exc.message)
        return Failure(400, "invalid_input", detail, tuple(shown_issues(exc)))
    if isinstance(exc, NotAllowed):
        return Failure(403, "forbidden", str(exc.message))
    if isinstance(exc, NotFound):
        return Failure(404, "not_found", str(exc.message))
    if isinstance(exc, DomainError):  # a rule refused the action in the object's present state
        return Failure(409, "refused", str(exc.message))
    if isinstance(exc, Http404):  # get_object_or_404's text is English and names a model: not for users
        return Failure(404, "not_found", _("Không có trang hoặc đối tượng này (đường dẫn sai, hoặc đối tượng đã bị xóa)."))
    if isinstance(exc, CsrfFailed):
        return Failure(403, "csrf_failed", _("Phiên làm việc đã hết hạn hoặc thiếu mã CSRF; hãy tải lại trang và thử lại."))
    if isinstance(exc, PermissionDenied):
        return Failure(403, "forbidden", _("Bạn không có quyền thực hiện thao tác này."))
    if isinstance(exc, RequestInvalid):
        issues = _request_issues(exc)
        return Failure(422, "invalid_request", "; ".join(issue_text(i) for i in issues[:20]), issues)
    if isinstance(exc, HttpError) and isinstance(exc.__cause__, DomainError):  # a body refused by our parser
        return describe(exc.__cause__)
    if isinstance(exc, HttpError):
        return _http_error(exc)
    if isinstance(exc, MethodRefused):
        return Failure(405, "method_not_allowed", _("Địa chỉ này không nhận yêu cầu {method}; chỉ nhận: {allowed}.").format(
            method=exc.method[:16], allowed=exc.allowed or "—"))
    if isinstance(exc, RequestDataTooBig):  # before its parent, SuspiciousOperation
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return Failure(413, "request_too_large", _(
            "Nội dung yêu cầu quá lớn (tối đa {size} MB); hãy chia thành các lô nhỏ hơn.").format(size=f"{size:g}"))
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return Failure(400, "too_many_fields", _("Yêu cầu có quá nhiều trường hoặc tệp."))
    if isinstance(exc, (SuspiciousOperation, BadRequest)):
        return Failure(400, "bad_request", _("Yêu cầu không hợp lệ."))
    return Failure(500, "server_error", _("Hệ thống gặp lỗi nên chưa làm xong việc này; quản trị viên xem chi tiết "
                                          "trong nhật ký máy chủ."))


# --- the JSON API ---------------------------------------------------------------------------------

class IssueOut(Schema):
    """One problem of the input: where (file, 1-based row, field) and what is wrong."""

    file: str
    row: int | None
    field: str
    message: str


class ErrorOut(Schema):
    """Every error of the API has this body: ``detail`` for people (Vietnamese, or English by the language
    cookie), ``code`` for programs (``invalid_input``, ``invalid_request``, ``unauthenticated``, ``forbidden``,
    ``not_found``, ``refused``, ``server_error``, …), ``issues`` naming each bad row and field."""

    detail: str
    code: str
    issues: list[IssueOut]


#: The error statuses every operation can answer: a request refused before any view (a NUL anywhere,
#: cchc.web.middleware.RefuseNulMiddleware), not signed in, not allowed, parameters that do not validate, too
#: many requests (the API's rate limit), a server fault. tests/api/test_schemathesis.py holds every answer
#: to the document.
COMMON_ERRORS = (400, 401, 403, 422, 429, 500)


def responses(ok, *errors: int) -> dict:
    """An operation's ``response=``: its success schema, and :class:`ErrorOut` for the common error statuses
    and ``errors`` (400 refused input, 404 unknown object, 409 refused by a rule), so the OpenAPI document
    lists them."""
    return {200: ok, tuple(sorted({*COMMON_ERRORS, *errors})): ErrorOut}


def _body(failure: Failure) -> dict:
    return {
        "detail": failure.detail,
        "code": failure.code,
        "issues": [{"file": str(i.file), "row": i.row, "field": str(i.field), "message": str(i.message)}
                   for i in failure.issues],
    }


def error_body(exc: BaseException | None) -> dict:
    """The JSON body of an API error (the shape of :class:`ErrorOut`)."""
    return _body(describe(exc))


def install_api_handlers(api) -> None:
    """Answer every error of ``api`` (a NinjaAPI) with :func:`error_body`: the domain's exceptions, 404 and
    403, and django-ninja's own (authentication, body that does not parse, parameters that do not validate).
    Unexpected exceptions are left to Django (logged, then ``handler500`` answers in the same shape)."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        failure = describe(exc)
        return api.create_response(request, _body(failure), status=failure.status)

    for kind in (DomainError, Http404, PermissionDenied, HttpError, RequestInvalid):
        api.add_exception_handler(kind, handle)


# --- web pages ------------------------------------------------------------------------------------

_BARE_PAGE = ('<!doctype html><html><head><meta charset="utf-8"><title>{title} · CCHC</title></head>'
              "<body><h1>{title}</h1><p>{detail}</p></body></html>")


def render_error(request: HttpRequest | None, exc: BaseException | None) -> HttpResponse:
    """The page for a failure: ``{status}.html`` (else ``web/error.html``) in the site's layout.

    A 500 or a malformed request (400 from Django) is rendered without the request: no context processor
    runs, so the page needs neither the database nor the session, which may be what failed; should even the
    template fail, a bare page still says what happened."""
    return failure_response(request, describe(exc), exc)


def failure_response(request: HttpRequest | None, failure: Failure, exc: BaseException | None = None) -> HttpResponse:
    """``failure`` as a page in the site's layout, or in the API's one JSON shape under /api/."""
    if request is not None and request.path_info.startswith(API_PREFIX):
        return JsonResponse(_body(failure), status=failure.status, json_dumps_params={"ensure_ascii": False})
    context = {
        "status": failure.status,
        "title": TITLES.get(failure.status, gettext_lazy("Không thực hiện được")),
        "message": failure.detail,
        "issues": [issue_text(i) for i in failure.issues],
    }
    templates = [f"{failure.status}.html", "web/error.html"]
    if request is None or failure.status >= 500 or isinstance(exc, (SuspiciousOperation, BadRequest)):
        try:
            html = select_template(templates).render(context)
        except Exception:  # noqa: BLE001 - the last resort must not fail in turn
            logging.getLogger(__name__).exception("the error page could not be rendered")
            html = _BARE_PAGE.format(title=escape(str(context["title"])), detail=escape(failure.detail))
        return HttpResponse(html, status=failure.status)
    return render(request, templates, context, status=failure.status)


# --- the command line -----------------------------------------------------------------------------

def exit_with(exc: DomainError | CommandError, stderr, *, summary: str | None = None, from_command_line: bool = True):
    """End a command that was refused: each issue on ``stderr``, then the summary (``summary`` formatted with
    ``count`` for an InvalidInput, else the error's message), and one exit code (:data:`EXIT_REFUSED`, or a
    CommandError's own), with no traceback and no "CommandError:" prefix. Under ``call_command``
    (``from_command_line=False``) the issues are written the same way, then a CommandError carries the
    summary and the code, as Django's commands do."""
    code = exc.returncode if isinstance(exc, CommandError) else EXIT_REFUSED
    if isinstance(exc, InvalidInput):
        for issue in shown_issues(exc):
            stderr.write(issue_text(issue))
        text = str(summary or _("Có {count} lỗi, không ghi dữ liệu nào.")).format(count=exc.count)
    else:
        text = str(exc.message) if isinstance(exc, DomainError) else str(exc)
    if from_command_line:
        stderr.write(text)
        raise SystemExit(code)
    if isinstance(exc, CommandError):
        raise exc
    raise CommandError(text, returncode=code) from exc


# --- background jobs ------------------------------------------------------------------------------

def job_messages(exc: BaseException, *, logger: logging.Logger, job: str, system: str) -> list[str]:
    """What a failed background job keeps for its page: each issue of refused input, a rule's message, or
    for anything unexpected ``system`` (a translated "see the server log"), the traceback going to the log.
    Call it inside the ``except`` block."""
    if isinstance(exc, InvalidInput):
        return [issue_text(i) for i in shown_issues(exc)]
    if isinstance(exc, DomainError):
        return [str(exc.message)]
    logger.exception("%s failed", job)
    return [system]


def job_records(exc: BaseException, *, logger: logging.Logger, job: str, system: dict) -> list[dict]:
    """Like ``job_messages``, but what a job stores to show later in each reader's language: issues and rule
    messages as ids and parameters (``Issue.to_dict``, ``DomainError.to_dict``, cchc.core.i18n.stored), and
    ``system`` (a ``stored`` "see the server log") for anything unexpected, the traceback going to the log."""
    if isinstance(exc, InvalidInput):
        return [issue.to_dict() for issue in shown_issues(exc)]
    if isinstance(exc, DomainError):
        return [exc.to_dict()]
    logger.exception("%s failed", job)
    return [system]

