from posthog.models import error_tracking

error_tracking.ErrorTrackingGroup
