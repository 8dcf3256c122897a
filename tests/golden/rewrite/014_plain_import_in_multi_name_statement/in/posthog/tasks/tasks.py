import os, posthog.models.error_tracking.sql, sys

os.path.join(posthog.models.error_tracking.sql.TABLE)
