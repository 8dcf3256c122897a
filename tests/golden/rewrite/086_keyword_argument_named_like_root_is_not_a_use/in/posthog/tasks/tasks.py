import posthog.api.error_tracking.views

f(posthog=1)
posthog.api.error_tracking.views.V
