from products.error_tracking.backend.models import sql as et_sql

et_sql.INSERT_SQL
