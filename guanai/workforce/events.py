"""Domain events of workforce. Data holds ids, kinds and dates, never a name or phone number."""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.workforce.models import Post, Tenure


def post_event(*, actor, post: Post, verb: str = "post_created") -> Event:
    return event_record(actor=actor, verb=verb, object_type="post", object_id=str(post.pk), area_code=post.area_id,
                        data={"kind": post.kind})


def tenure_event(*, actor, tenure: Tenure, verb: str) -> Event:
    """verb: post_holder_appointed / _updated / _ended."""
    return event_record(actor=actor, verb=verb, object_type="post", object_id=str(tenure.post_id),
                        area_code=tenure.area_id,
                        data={"tenure": tenure.pk, "started_on": tenure.started_on.isoformat(),
                              "ended_on": tenure.ended_on.isoformat() if tenure.ended_on else None})


def workforce_imported_event(*, actor, area_code: str, counts: dict[str, int]) -> Event:
    return event_record(actor=actor, verb="workforce_imported", object_type="post", area_code=area_code,
                        data=counts)
