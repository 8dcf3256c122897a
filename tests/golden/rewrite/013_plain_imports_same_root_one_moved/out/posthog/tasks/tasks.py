import products.error_tracking.backend.models
import posthog.tasks

posthog.tasks.run(products.error_tracking.backend.models.X)
