# Test code passes bad options on purpose, to check the library's error.
import pytest
from sqlalchemy import create_engine


def test_unknown_option_is_rejected():
    with pytest.raises(TypeError):
        create_engine("sqlite://", pool_sise=5)
