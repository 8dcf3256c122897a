from posthog.models import (
    Team,
    ErrorTrackingIssue,  # the issue
    ErrorTrackingIssueAssignment,
    User,
)

x = 1
