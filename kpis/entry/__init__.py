"""The month's figures without building a file: due measures, templates, entry, completeness."""
