from posthog.models.error_tracking import sql as et_sql

et_sql.INSERT_SQL
