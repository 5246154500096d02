from tests.verify.conftest import site

__all__ = ["site"]
