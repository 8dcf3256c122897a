import posthog.models, products.error_tracking.backend.models.sql
import json

print(products.error_tracking.backend.models.sql.X, posthog.settings.DEBUG)
