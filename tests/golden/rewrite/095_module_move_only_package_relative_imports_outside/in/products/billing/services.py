from ..other import base as other_base


def charge(invoice):
    return isinstance(invoice, other_base.Base)
