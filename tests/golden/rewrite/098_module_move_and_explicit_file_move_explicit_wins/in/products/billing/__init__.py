from .models import Invoice
