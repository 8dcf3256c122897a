def run():
    from .. import models
    import products.error_tracking.backend.models.sql

    return products.error_tracking.backend.models.sql.X, products.error_tracking.backend.models.ErrorTrackingGroup
