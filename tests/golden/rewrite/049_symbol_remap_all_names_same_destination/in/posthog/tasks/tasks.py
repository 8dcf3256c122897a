from posthog.models import (
    ErrorTrackingIssue,
    ErrorTrackingIssueAssignment,
)
