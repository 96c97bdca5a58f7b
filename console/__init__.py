"""The operator's pages (`/operator`) and the service's metrics (`/metrics`)."""
