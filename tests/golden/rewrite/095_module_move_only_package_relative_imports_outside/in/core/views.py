from .billing.models import Invoice
from core.billing import services


def pay(pk):
    return services.charge(Invoice())
