from products.data_warehouse.backend.api import table
from . import routing
