if x: from posthog.models import Team, ErrorTrackingIssue
