import json
from site.builds.models import Build

try:
    from site.builds.tasks import run
except ImportError, ModuleNotFoundError, AttributeError:
    run = None


def handler(request):
    try:
        return Build.objects.get(pk=request["id"])
    except KeyError, ValueError, TypeError:
        return "site.builds.models.Build"
