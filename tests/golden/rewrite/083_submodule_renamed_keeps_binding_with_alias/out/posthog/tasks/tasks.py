from products.error_tracking.backend import api as error_tracking
from products.error_tracking.backend import api as et
error_tracking.X
