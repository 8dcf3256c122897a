from posthog.warehouse.models import DataWarehouseTable, ExternalDataJob
