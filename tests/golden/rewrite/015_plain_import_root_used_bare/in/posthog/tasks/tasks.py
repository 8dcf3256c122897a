import posthog.models.error_tracking

register(posthog)
posthog.models.error_tracking.X
