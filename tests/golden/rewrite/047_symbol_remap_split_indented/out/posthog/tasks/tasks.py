if TYPE_CHECKING:
    from posthog.models import Team
    from products.error_tracking.backend.models import ErrorTrackingIssueAssignment as A
    y = 2
