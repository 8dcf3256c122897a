INSTALLED_APPS = [
    "posthog.apps.PostHogConfig",
    "posthog.models.error_tracking",
    'posthog.api.error_tracking.urls',
]
