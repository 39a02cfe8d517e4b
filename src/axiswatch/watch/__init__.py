"""Watch mode: poll feeds and folders, take in what is new, alert on what changed."""
