import posthog

x = posthog.models.error_tracking.ErrorTrackingGroup
y = posthog.settings.DEBUG
