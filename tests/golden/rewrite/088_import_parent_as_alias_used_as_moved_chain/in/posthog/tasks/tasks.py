import posthog.models as pm

x = pm.error_tracking.sql.INSERT_SQL
y = pm.Team
