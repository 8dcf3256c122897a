import os; from products.error_tracking.backend.models import ErrorTrackingGroup; import sys
