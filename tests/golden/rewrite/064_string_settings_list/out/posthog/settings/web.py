INSTALLED_APPS = [
    "posthog.apps.PostHogConfig",
    "products.error_tracking.backend.models",
    'products.error_tracking.backend.api.error_tracking.urls',
]
