from products.billing.models import Invoice
from products.billing import services


def pay(pk):
    return services.charge(Invoice())
