"""What every stage shares: the model's types, errors, files, URLs, configuration, worker processes."""
