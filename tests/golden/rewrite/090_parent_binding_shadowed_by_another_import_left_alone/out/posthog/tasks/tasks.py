from posthog import models

from django.db import models


class Issue(models.Model):
    ref = models.error_tracking.ErrorTrackingGroup
