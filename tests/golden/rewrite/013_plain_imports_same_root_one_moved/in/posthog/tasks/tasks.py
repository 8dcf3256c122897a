import posthog.models.error_tracking
import posthog.tasks

posthog.tasks.run(posthog.models.error_tracking.X)
