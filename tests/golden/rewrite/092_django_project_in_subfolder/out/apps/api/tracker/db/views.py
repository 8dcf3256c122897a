from tracker.issues.models import Issue
from ..issues.models import Issue as I2

TARGET = "tracker.issues.models.Issue"
