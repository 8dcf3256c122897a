from products.error_tracking.backend.models import ErrorTrackingIssue
from posthog.models import Team
from products.error_tracking.backend import models as error_tracking
