msg = f"{resolve('posthog.api.error_tracking')}"
