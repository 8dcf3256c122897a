from enum import Enum

from products.error_tracking.backend.models import (
    ErrorTrackingIssue,
)


class NotificationType(str, Enum):
    ISSUE_ASSIGNED = "issue_assigned"
    DISCUSSIONS_MENTIONED = "discussions_mentioned"
    WEEKLY_DIGEST = "weekly_digest"


NOTIFICATION_DEFAULTS = {NotificationType.DISCUSSIONS_MENTIONED: True}
