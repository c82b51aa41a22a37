"""Case audits: the audit file, grades after moderation, triangulation (DESIGN §11)."""
