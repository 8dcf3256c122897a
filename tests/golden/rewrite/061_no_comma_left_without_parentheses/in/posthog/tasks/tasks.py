from posthog.models import Team, User, ErrorTrackingIssue, ErrorTrackingIssueAssignment
