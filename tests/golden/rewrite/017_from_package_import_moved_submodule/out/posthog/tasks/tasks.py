from products.error_tracking.backend import models as error_tracking

error_tracking.ErrorTrackingGroup
