from .table import *
from .credential import *
