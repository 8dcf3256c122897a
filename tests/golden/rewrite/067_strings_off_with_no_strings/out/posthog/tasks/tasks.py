from products.error_tracking.backend.models import X

patch("posthog.models.error_tracking.X")
