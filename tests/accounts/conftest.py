from typing import Any

import pytest


@pytest.fixture
def clock(_frozen_today: Any) -> Any:
    """The test's clock (time-machine): a person waits for the app's next code, or sits idle."""
    return _frozen_today
