from unittest import mock


@mock.patch("posthog.models.error_tracking.error_tracking.ErrorTrackingGroup.save")
def test_save(m):
    pass
