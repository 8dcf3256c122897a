from posthog.models import ErrorTrackingIssue as Issue, Team
