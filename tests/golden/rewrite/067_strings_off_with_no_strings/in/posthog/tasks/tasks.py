from posthog.models.error_tracking import X

patch("posthog.models.error_tracking.X")
