from tracker.db.models.issue import Issue
from .models.issue import Issue as I2

TARGET = "tracker.db.models.issue.Issue"
