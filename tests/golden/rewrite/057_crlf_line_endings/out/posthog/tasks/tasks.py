import os
from products.error_tracking.backend.models import (
    ErrorTrackingGroup,
)

x = 'products.error_tracking.backend.api.error_tracking'
