from unittest import mock


@mock.patch("products.error_tracking.backend.models.error_tracking.ErrorTrackingGroup.save")
def test_save(m):
    pass
