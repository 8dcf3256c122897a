from posthog.models import Team
from products.error_tracking.backend.models import ErrorTrackingIssue
x = 1
