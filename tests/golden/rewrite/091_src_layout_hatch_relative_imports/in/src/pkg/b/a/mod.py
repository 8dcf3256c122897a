from ..util import x
from . import helpers  # still here


def f():
    return x
