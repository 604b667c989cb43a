# Files, declared in connlint.toml (`builtins.open`): leaks on exception and on paths.


def read_config(path):
    f = open(path)  # expect: CL101 CL102 "`f.read()` raises"
    data = f.read()
    f.close()
    return data


def first_line(path):
    f = open(path)  # expect: CL101 CL103 "never closed"
    return f.readline()


def read_safely(path):
    f = None
    try:
        f = open(path)  # expect: CL101
        return f.read()
    finally:
        if f is not None:
            f.close()


def read_with(path):
    with open(path) as f:
        return f.read()
