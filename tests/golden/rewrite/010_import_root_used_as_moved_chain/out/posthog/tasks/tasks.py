import posthog, products.error_tracking.backend.models

x = products.error_tracking.backend.models.ErrorTrackingGroup
y = posthog.settings.DEBUG
