from posthog.models import Team  # noqa: F401
from products.error_tracking.backend.models import ErrorTrackingIssue
z = 3
