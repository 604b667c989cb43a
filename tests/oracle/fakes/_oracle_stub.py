"""Permissive stand-ins for modules the code under test imports but that are not
installed (flask, fastapi, django, ...).

A stub's attributes are stubs; calling a stub returns a stub, except that a
call with a single function or class argument returns that argument unchanged,
so decorators (`@app.route("/x")`, `@shared_task`) keep the function. Names
that look like exception classes (`HTTPException`, `ValidationError`) are real
exception classes, so `raise` and `except` work. A stub used as a base class
gives a permissive real class. Stubs are deterministic: their repr is the path
that built them, so before and after compare equal.
"""

import importlib.abc
import importlib.machinery
import inspect
import os
import re
import sys
import types

_EXC_NAME = re.compile(r"^[A-Z]\w*(Error|Exception|Exit|Abort|Timeout|Warning|Interrupt|Failure|Invalid|NotFound|Denied)$")


def short(v, depth=0):
    """A short deterministic text for a stub's path (never consumes anything)."""
    if depth > 2:
        return "..."
    if isinstance(v, Stub):
        return object.__getattribute__(v, "_oracle_path")
    if v is None or isinstance(v, (bool, int, float)):
        return repr(v)
    if isinstance(v, (str, bytes)):
        r = repr(v)
        return r if len(r) <= 40 else r[:37] + "...'"
    if isinstance(v, (list, tuple)):
        inner = ", ".join(short(x, depth + 1) for x in list(v)[:4])
        if len(v) > 4:
            inner += ", ..."
        return ("[%s]" if isinstance(v, list) else "(%s)") % inner
    if isinstance(v, dict):
        items = list(v.items())[:4]
        return "{%s}" % ", ".join(f"{short(k, depth + 1)}: {short(x, depth + 1)}" for k, x in items)
    if inspect.isfunction(v) or inspect.isclass(v):
        return getattr(v, "__qualname__", type(v).__name__)
    return f"<{type(v).__name__}>"


class StubException(Exception):
    """Base of the exception classes a stub module hands out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        for k, v in kwargs.items():
            try:
                setattr(self, k, v)
            except Exception:
                pass


class StubBase:
    """What `class X(stub)` derives from: accepts any arguments, any attribute is a stub."""

    def __init__(self, *args, **kwargs):
        pass

    def __init_subclass__(cls, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        value = Stub(f"{type(self).__qualname__}().{name}")
        try:
            object.__setattr__(self, name, value)
        except Exception:
            pass
        return value


def child(path, name):
    if _EXC_NAME.match(name) or name in ("HTTPException", "Http404", "PermissionDenied"):
        return type(name, (StubException,), {"__module__": path.rsplit(".", 1)[0]})
    return Stub(path)


class Stub:
    __slots__ = ("_oracle_path", "_oracle_attrs")

    def __init__(self, path):
        object.__setattr__(self, "_oracle_path", path)
        object.__setattr__(self, "_oracle_attrs", {})

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        attrs = object.__getattribute__(self, "_oracle_attrs")
        if name not in attrs:
            attrs[name] = child(f"{object.__getattribute__(self, '_oracle_path')}.{name}", name)
        return attrs[name]

    def __setattr__(self, name, value):
        object.__getattribute__(self, "_oracle_attrs")[name] = value

    def __delattr__(self, name):
        object.__getattribute__(self, "_oracle_attrs").pop(name, None)

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and (
            inspect.isfunction(args[0]) or inspect.isclass(args[0]) or inspect.ismethod(args[0])
        ):
            return args[0]
        parts = [short(a) for a in args] + [f"{k}={short(v)}" for k, v in kwargs.items()]
        return Stub(f"{object.__getattribute__(self, '_oracle_path')}({', '.join(parts)})")

    def __getitem__(self, key):
        return Stub(f"{object.__getattribute__(self, '_oracle_path')}[{short(key)}]")

    def __setitem__(self, key, value):
        pass

    def __delitem__(self, key):
        pass

    def __iter__(self):
        return iter(())

    def __aiter__(self):
        return self

    async def __anext__(self):
        raise StopAsyncIteration

    def __contains__(self, item):
        return False

    def __len__(self):
        return 0

    def __bool__(self):
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    def __await__(self):
        if False:  # a generator that returns at once
            yield None
        return Stub(f"await {object.__getattribute__(self, '_oracle_path')}")

    def __repr__(self):
        return f"<stub {object.__getattribute__(self, '_oracle_path')}>"

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    def __int__(self):
        return 1

    def __index__(self):
        return 1

    def __float__(self):
        return 1.0

    def __hash__(self):
        return hash(object.__getattribute__(self, "_oracle_path"))

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __lt__(self, other):
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def _arith(self, *other):
        return Stub(f"{object.__getattribute__(self, '_oracle_path')}(op)")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _arith
    __truediv__ = __rtruediv__ = __floordiv__ = __mod__ = __rmod__ = _arith
    __neg__ = __pos__ = _arith

    def __or__(self, other):
        return self

    __ror__ = __and__ = __rand__ = __or__

    def __mro_entries__(self, bases):
        return (StubBase,)

    def keys(self):
        return []


class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        value = child(f"{self.__name__}.{name}", name)
        setattr(self, name, value)
        return value


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        m = StubModule(spec.name)
        m.__path__ = []
        m.__oracle_stub__ = True
        return m

    def exec_module(self, module):
        pass


class StubFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: a module the user code imports and nothing else
    found becomes a stub module, unless it belongs to the project itself (then
    the ImportError is real)."""

    def __init__(self, is_user, project_tops):
        self.is_user = is_user
        self.project_tops = project_tops
        self.stubbed = []

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.split(".")[0]
        if top in self.project_tops():
            return None
        parent = sys.modules.get(fullname.rpartition(".")[0]) if "." in fullname else None
        from_stub_or_fake = parent is not None and (
            getattr(parent, "__oracle_stub__", False) or getattr(parent, "__oracle_fake__", False)
        )
        if not from_stub_or_fake and not self._imported_by_user_code():
            return None
        if fullname not in self.stubbed:
            self.stubbed.append(fullname)
        return importlib.machinery.ModuleSpec(fullname, _StubLoader(), is_package=True)

    def _imported_by_user_code(self):
        f = sys._getframe(1)
        while f is not None:
            fn = f.f_code.co_filename
            if fn.startswith("<frozen") or fn == __file__ or os.sep + "importlib" + os.sep in fn:
                f = f.f_back
                continue
            return self.is_user(fn)
        return False


def is_stub(v):
    return isinstance(v, (Stub, StubModule))
