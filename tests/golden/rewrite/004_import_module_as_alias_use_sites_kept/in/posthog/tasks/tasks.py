import posthog.models.error_tracking.sql as et_sql


def run():
    return et_sql.INSERT_SQL
