import products.error_tracking.backend.models.sql as et_sql


def run():
    return et_sql.INSERT_SQL
