import posthog.models, products.error_tracking.backend.models

register(posthog)
products.error_tracking.backend.models.X
