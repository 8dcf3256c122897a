from ..other.base import Base  # was it apps/api/tracker/views.py? that is module tracker.views
