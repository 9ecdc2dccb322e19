"""Suite-wide pytest plugins."""

pytest_plugins = ["tests.support.central"]
