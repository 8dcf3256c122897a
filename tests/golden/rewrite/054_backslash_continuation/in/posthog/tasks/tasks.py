from posthog.models.error_tracking \
    import ErrorTrackingGroup
import posthog.models.error_tracking.sql \
    as et_sql
