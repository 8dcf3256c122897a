import json
from products.builds.backend.models import Build

try:
    from products.builds.backend.tasks import run
except ImportError, ModuleNotFoundError, AttributeError:
    run = None


def handler(request):
    try:
        return Build.objects.get(pk=request["id"])
    except KeyError, ValueError, TypeError:
        return "products.builds.backend.models.Build"
