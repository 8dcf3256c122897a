from posthog.warehouse_legacy import old
import products.data_warehouse.backend

products.data_warehouse.backend.models.table.DataWarehouseTable
