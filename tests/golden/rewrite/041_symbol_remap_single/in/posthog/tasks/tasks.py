from posthog.models import ErrorTrackingIssue
