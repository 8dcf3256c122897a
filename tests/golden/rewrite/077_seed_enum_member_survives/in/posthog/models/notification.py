from enum import Enum

from posthog.models.error_tracking import (
    ErrorTrackingIssue,
)


class NotificationType(str, Enum):
    ISSUE_ASSIGNED = "issue_assigned"
    DISCUSSIONS_MENTIONED = "discussions_mentioned"
    WEEKLY_DIGEST = "weekly_digest"


NOTIFICATION_DEFAULTS = {NotificationType.DISCUSSIONS_MENTIONED: True}
