from __future__ import annotations

from posthog.models.error_tracking import ErrorTrackingGroup
