from tests.data.conftest import site

__all__ = ["site"]
