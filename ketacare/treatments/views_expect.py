"""The client's "what to expect" page for their current or next planned course."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.selectors import client_own
from ketacare.core.permissions import NotFound
from ketacare.domain.protocols import PROTOCOLS
from ketacare.treatments.expect import expect_plan
from ketacare.treatments.models import OPEN_COURSE_STATUSES
from ketacare.treatments.protocol_services import effective_template
from ketacare.treatments.selectors import CourseView, courses_for_client


def _latest_weight_kg(view: CourseView) -> float | None:
    """The most recent weight recorded on one of the course's sessions, if any."""
    weighed = [s for s in view.sessions if s.weight_kg is not None]
    latest = max(weighed, key=lambda s: (s.scheduled_on, s.number), default=None)
    return float(latest.weight_kg) if latest and latest.weight_kg is not None else None


@require_GET
def expect(request: AuthedHttpRequest) -> HttpResponse:
    """Clients only (staff and the operator get 404): their open course's protocol, plainly.

    ``?protocol=CODE`` picks the open (planned or active) course with that protocol; a code
    the client has no open course for is a 404, like a missing page.
    """
    client = client_own(actor=request.user)
    if client is None:
        raise NotFound
    courses = courses_for_client(actor=request.user, client=client)
    open_courses = [v for v in courses if v.course.status in OPEN_COURSE_STATUSES]
    code = request.GET.get("protocol")
    if code is not None:
        open_courses = [v for v in open_courses if v.course.protocol_code == code]
        if not open_courses:
            raise NotFound
    chosen = open_courses[0] if open_courses else None
    plan = None
    if chosen is not None and chosen.course.protocol_code in PROTOCOLS:
        protocol = effective_template(chosen.course)  # a practice copy's values, if any
        plan = expect_plan(protocol, _latest_weight_kg(chosen))
    return render(request, "treatments/expect.html", {"plan": plan, "course": chosen})
