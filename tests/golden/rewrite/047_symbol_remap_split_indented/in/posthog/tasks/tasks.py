if TYPE_CHECKING:
    from posthog.models import Team, ErrorTrackingIssueAssignment as A
    y = 2
