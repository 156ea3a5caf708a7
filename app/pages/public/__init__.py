"""What the public sees of a page: status, history, branding, embeds, feeds."""
