from posthog.api import error_tracking
from posthog.api import error_tracking as et
error_tracking.X
