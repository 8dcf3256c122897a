import posthog.models as pm
import products.error_tracking.backend.models.sql

x = products.error_tracking.backend.models.sql.INSERT_SQL
y = pm.Team
