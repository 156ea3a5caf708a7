"""Status pages: components, groups, domains, logos, branding, badges, uptime."""
