"""The "Method and sources" page: how every figure is computed, and where the default data comes from."""
