from .... import nothing
from .routing import x
