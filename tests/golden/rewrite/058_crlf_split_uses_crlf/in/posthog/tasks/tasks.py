from posthog.models import Team, ErrorTrackingIssue
x = 1
