"""Pages of reporting up and flowing back: the node's packages (pack, apply, the send/ack and
receive logs), the people received from below (read-only), the conflict list and the flowback
worklist; and the inbox an HTTPS push posts to. Thin: parse, call one service or selector, render."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.accounts.working_area import current_scope
from guanai.people.models import Person
from guanai.upstream import sealing, selectors, services
from guanai.upstream.forms import ApplyForm, DecideForm, HandleForm, PackForm
from guanai.upstream.installation import local_keypair, local_node
from guanai.upstream.models import Node

INBOX_MAX_BYTES = 4 << 30
PAGE_SIZE = 50


def _node_scope(request: HttpRequest) -> tuple[Scope, Node]:
    """Package work is the installation's: only staff whose scope holds the whole node's area."""
    scope = current_scope(request, capability=Capability.UPSTREAM_MANAGE)
    node = local_node()
    if not scope.contains(node.code):
        raise Http404
    return scope, node


def _receivers(node: Node) -> list[tuple[str, str]]:
    linked = ([node.parent] if node.parent else []) + list(node.children.all())
    return [(n.code, str(n)) for n in linked]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _scope_, node = _node_scope(request)
    return render(request, "upstream/index.html", {
        "node": node, "keys": selectors.node_keys(), "pack_form": PackForm(receivers=_receivers(node)),
        "apply_form": ApplyForm(), "outgoing": selectors.outgoing_list(node=node)[:30],
        "incoming": selectors.incoming_list(node=node)[:30]})


@login_required
@require_POST
def pack(request: HttpRequest) -> HttpResponse:
    _scope_, node = _node_scope(request)
    form = PackForm(request.POST, receivers=_receivers(node))
    if not form.is_valid():
        messages.error(request, _("请选择接收节点 / choose the receiving node"))
        return redirect("upstream:index")
    to = Node.objects.get(code=form.cleaned_data["to"])
    path = Path(tempfile.mkdtemp()) / f"{node.code}-{to.code}.zip"
    try:
        package = services.package_pack(actor=request.user, local=node, pair=local_keypair(), to=to, path=path,
                                        full=form.cleaned_data["full"])
    except (ValidationError, sealing.SealError) as error:
        messages.error(request, getattr(error, "messages", [str(error)])[0])
        return redirect("upstream:index")
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=f"{node.code}-{to.code}-{package.created_at:%Y%m%d%H%M}-{package.package_id[:8]}.zip")


@login_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    _scope_, node = _node_scope(request)
    form = ApplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件 / choose a file"))
        return redirect("upstream:index")
    folder = Path(tempfile.mkdtemp())
    path = folder / "package.zip"
    with path.open("wb") as handle:
        for chunk in form.cleaned_data["file"].chunks():
            handle.write(chunk)
    try:
        result = services.package_apply(actor=request.user, local=node, pair=local_keypair(), path=path)
    except sealing.SealError as error:
        messages.error(request, str(error))
        return redirect("upstream:index")
    if result.refused:
        messages.error(request, _("已拒收：%(reason)s") % {"reason": result.reason})
        return redirect("upstream:index")
    messages.success(request, _("已接收：%(counts)s") % {"counts": result.counts})
    if result.ack:
        return FileResponse(result.ack.open("rb"), as_attachment=True, filename=f"ack-{result.package_id[:8]}.zip")
    return redirect("upstream:index")


@csrf_exempt
@require_POST
def inbox(request: HttpRequest) -> HttpResponse:
    """An HTTPS push from a parent or child installation. The package's signature by a registered key
    is the authentication; the answer is the signed ack, or 422 with the reason."""
    folder = Path(tempfile.mkdtemp())
    path, size = folder / "package.zip", 0
    with path.open("wb") as handle:
        while chunk := request.read(1 << 20):
            size += len(chunk)
            if size > INBOX_MAX_BYTES:
                return HttpResponse(status=413)
            handle.write(chunk)
    result = services.package_apply(actor=None, local=local_node(), pair=local_keypair(), path=path)
    if result.refused:
        return HttpResponse(result.reason, status=422, content_type="text/plain; charset=utf-8")
    if result.ack is None:
        return HttpResponse(status=204)
    return HttpResponse(result.ack.read_bytes(), content_type="application/zip")


@login_required
def received(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    rows = selectors.received_people(scope=scope, node=local_node())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "upstream/received.html", {"page": page})


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    decided = request.GET.get("decided") == "1"
    rows = selectors.conflict_list(scope=scope, node=local_node(), decided=decided)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "upstream/conflicts.html", {"page": page, "decided": decided})


@login_required
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    conflict = selectors.conflict_get(scope=scope, node=local_node(), pk=pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            manager_scope = current_scope(request, capability=Capability.UPSTREAM_MANAGE)
            services.conflict_decide(actor=request.user, scope=manager_scope, conflict=conflict, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("已记录决定 / decision recorded"))
            return redirect("upstream:conflicts")
    fields = sorted(set(conflict.local) | set(conflict.incoming))
    rows = [(_field_label(name), conflict.local.get(name), conflict.incoming.get(name)) for name in fields]
    can_decide = request.user.can(Capability.UPSTREAM_MANAGE)
    return render(request, "upstream/conflict_detail.html",
                  {"conflict": conflict, "rows": rows, "form": form, "can_decide": can_decide})


def _field_label(name: str) -> str:
    """A person field's own label (姓名, 出生日期 ...); the decision's words are this app's."""
    extra = {"decision": _("决定"), "note": _("说明"), "spells": _("对象类别")}
    try:
        return str(Person._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(extra.get(name, name))


@login_required
def flowback_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    rows = selectors.flowback_list(scope=scope, node=local_node())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    can_handle = request.user.can(Capability.UPSTREAM_MANAGE)
    return render(request, "upstream/flowback.html", {"page": page, "form": HandleForm(), "can_handle": can_handle})


@login_required
@require_POST
def flowback_handle(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.UPSTREAM_MANAGE)
    item = selectors.flowback_get(scope=scope, node=local_node(), pk=pk)
    form = HandleForm(request.POST)
    services.flowback_handle(actor=request.user, scope=scope, item=item,
                             note=form.cleaned_data["note"] if form.is_valid() else "")
    messages.success(request, _("已标记为已处理 / marked as handled"))
    return redirect("upstream:flowback")
