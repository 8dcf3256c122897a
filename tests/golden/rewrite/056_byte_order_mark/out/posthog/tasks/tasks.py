# -*- coding: utf-8 -*-
from products.error_tracking.backend.models import ErrorTrackingGroup
