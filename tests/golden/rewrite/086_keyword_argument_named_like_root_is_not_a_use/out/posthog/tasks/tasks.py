import products.error_tracking.backend.api.error_tracking.views

f(posthog=1)
products.error_tracking.backend.api.error_tracking.views.V
