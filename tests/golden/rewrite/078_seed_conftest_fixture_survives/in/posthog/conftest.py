import pytest

from posthog.models.error_tracking import ErrorTrackingGroup
from posthog.models import (
    ErrorTrackingIssue,
    Team,
)


def pytest_sessionstart(session):
    """Create the test database once."""
    session.config.cache.set("db", True)


@pytest.fixture(autouse=True)
def error_tracking_group(db):
    return ErrorTrackingGroup.objects.create()
