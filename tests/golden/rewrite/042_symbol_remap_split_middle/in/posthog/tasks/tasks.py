from posthog.models import Team, ErrorTrackingIssue, User
