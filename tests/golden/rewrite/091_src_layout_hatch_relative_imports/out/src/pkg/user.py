import pkg.b.a.mod
from .b.a.mod import x

print(pkg.b.a.mod.f(), x)
