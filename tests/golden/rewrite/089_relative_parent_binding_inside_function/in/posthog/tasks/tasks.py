def run():
    from .. import models

    return models.error_tracking.sql.X, models.error_tracking.ErrorTrackingGroup
