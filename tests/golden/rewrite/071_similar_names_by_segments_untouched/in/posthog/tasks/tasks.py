from posthog.models.error_tracking_v2 import X
import posthog.models.error_trackingfoo
from posthog.api.error_tracking_views import V
s = "posthog.models.error_tracking_v2.X"
posthog.models.error_trackingfoo.Y
