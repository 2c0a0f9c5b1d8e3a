"""The package's public namespace."""

from __future__ import annotations

import types

import reliability


def test_public_names_are_the_declared_ones():
    """Every public attribute of the package is in ``__all__`` or is one of its modules, so no
    stray name (``annotations`` from a future import) leaks into ``from reliability import *``."""
    stray = [
        name
        for name in dir(reliability)
        if not name.startswith("_")
        and name not in reliability.__all__
        and not isinstance(getattr(reliability, name), types.ModuleType)
    ]
    assert stray == []
    assert "annotations" not in dir(reliability)


def test_every_declared_name_exists_and_has_a_docstring():
    """Each name in ``__all__`` resolves and documents itself."""
    for name in reliability.__all__:
        value = getattr(reliability, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), name
