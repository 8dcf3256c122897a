from __future__ import annotations

from products.error_tracking.backend.models import ErrorTrackingGroup
