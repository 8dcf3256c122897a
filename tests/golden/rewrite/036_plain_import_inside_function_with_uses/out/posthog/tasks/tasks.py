def task():
    import products.error_tracking.backend.models.sql

    if True:
        return products.error_tracking.backend.models.sql.INSERT_SQL
