from products.error_tracking.backend.models \
    import ErrorTrackingGroup
import products.error_tracking.backend.models.sql \
    as et_sql
