from posthog.models import Team, error_tracking
