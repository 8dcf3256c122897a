from products.error_tracking.backend.models.sql import INSERT_SQL, DELETE_SQL
