from products.error_tracking.backend.models.sql import TABLE
