"""`flask incident …` and `flask console …`."""
