"""Root conftest: loads the claims pytest plugin (options --tier, --backend, --claims-results)."""
pytest_plugins = ["claims.core.pytest_plugin"]
