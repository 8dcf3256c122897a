import posthog.models.error_tracking.sql
import json

print(posthog.models.error_tracking.sql.X, posthog.settings.DEBUG)
