"""Learn: train and evaluate the event model from annotated articles."""
