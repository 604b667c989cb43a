# The model backend is chosen at run time, so connlint cannot see that `complete` waits on a model: connlint.toml declares it slow.
import importlib
import os

_backend = None


def _load_backend():
    global _backend
    if _backend is None:
        _backend = importlib.import_module(os.environ.get("LLM_BACKEND", "app.backends.openai_backend")).Backend()
    return _backend


def complete(prompt):
    return _load_backend().generate(prompt)


def truncate(prompt, limit=4000):
    return prompt[:limit]
