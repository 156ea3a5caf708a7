"""The client-facing incident report: built from the record, rendered to MD/HTML/PDF."""
