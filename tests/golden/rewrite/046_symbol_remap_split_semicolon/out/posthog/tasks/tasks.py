from products.error_tracking.backend.models import ErrorTrackingIssue; from posthog.models import Team; x = 1
