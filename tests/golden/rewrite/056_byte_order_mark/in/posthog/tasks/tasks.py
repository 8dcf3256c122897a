# -*- coding: utf-8 -*-
from posthog.models.error_tracking import ErrorTrackingGroup
