"""Forms and field helpers shared by every admin view; resources keep their own."""
