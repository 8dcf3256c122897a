from products.error_tracking.backend.models import ErrorTrackingIssue as Issue
from posthog.models import Team
