from ..other.base import Base
from . import services
from .services import charge


class Invoice(Base):
    def pay(self):
        return charge(self)
