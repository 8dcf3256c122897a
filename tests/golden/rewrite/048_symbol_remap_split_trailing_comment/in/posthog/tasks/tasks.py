from posthog.models import Team, ErrorTrackingIssue  # noqa: F401
z = 3
