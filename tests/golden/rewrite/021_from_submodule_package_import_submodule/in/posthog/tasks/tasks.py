from posthog.models.error_tracking import error_tracking as et
