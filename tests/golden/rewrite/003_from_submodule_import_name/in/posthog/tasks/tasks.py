from posthog.models.error_tracking.sql import INSERT_SQL, DELETE_SQL
