from posthog.models import Team, User
from products.error_tracking.backend.models import ErrorTrackingIssue
