import os, products.error_tracking.backend.models.sql, sys

os.path.join(products.error_tracking.backend.models.sql.TABLE)
