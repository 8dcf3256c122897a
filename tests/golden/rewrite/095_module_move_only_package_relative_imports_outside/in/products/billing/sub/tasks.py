from ...other.base import Base
from ..models import Invoice


def check(x: Base) -> Invoice:
    return x
