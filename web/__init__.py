"""What every HTML page of the service shares: templates, stylesheet, headers, CSRF, rate limits."""
