"""Forms of pages, components and component groups."""
