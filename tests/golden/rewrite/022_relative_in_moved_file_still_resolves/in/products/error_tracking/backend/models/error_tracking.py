from .sql import INSERT_SQL
from . import sql
