from posthog.models import ErrorTrackingIssue, Team; x = 1
