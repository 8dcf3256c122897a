import posthog.models.error_tracking.sql


def build():
    return posthog.models.error_tracking.sql.INSERT_SQL.format(table=1)
