from posthog.api.error_tracking.views import V
from posthog.api.error_tracking_views import W
