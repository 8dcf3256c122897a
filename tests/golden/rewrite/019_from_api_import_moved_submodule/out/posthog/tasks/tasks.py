from products.error_tracking.backend.api import error_tracking
from posthog.api import team
