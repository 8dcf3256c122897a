from posthog.models import ErrorTrackingIssue, Team, error_tracking
