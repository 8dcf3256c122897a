import products.error_tracking.backend.models.sql


def build():
    return products.error_tracking.backend.models.sql.INSERT_SQL.format(table=1)
