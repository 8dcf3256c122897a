import pytest

from products.error_tracking.backend.models import ErrorTrackingGroup
from products.error_tracking.backend.models import (
    ErrorTrackingIssue,
)
from posthog.models import Team


def pytest_sessionstart(session):
    """Create the test database once."""
    session.config.cache.set("db", True)


@pytest.fixture(autouse=True)
def error_tracking_group(db):
    return ErrorTrackingGroup.objects.create()
