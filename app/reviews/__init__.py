"""Post-incident reviews, public postmortems and the action items they agree."""
