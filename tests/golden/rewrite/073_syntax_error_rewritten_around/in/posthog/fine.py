from posthog.models.error_tracking import X
