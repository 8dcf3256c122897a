from products.data_warehouse.backend.models import DataWarehouseTable, ExternalDataJob
