from posthog.models import (
    Team,
    # the issue
    User,
)
from products.error_tracking.backend.models import ErrorTrackingIssue, ErrorTrackingIssueAssignment

x = 1
