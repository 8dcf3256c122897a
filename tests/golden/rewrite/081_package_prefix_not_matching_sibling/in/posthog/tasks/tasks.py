from posthog.warehouse_legacy import old
import posthog.warehouse

posthog.warehouse.models.table.DataWarehouseTable
