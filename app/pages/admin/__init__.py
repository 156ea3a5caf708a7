"""Admin views of pages, components and component groups."""
