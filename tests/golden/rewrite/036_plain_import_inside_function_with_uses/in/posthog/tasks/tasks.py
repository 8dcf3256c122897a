def task():
    import posthog.models.error_tracking.sql

    if True:
        return posthog.models.error_tracking.sql.INSERT_SQL
