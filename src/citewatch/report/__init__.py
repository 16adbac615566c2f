"""Stage 6: reports for people and CI (Markdown, JSON, JUnit XML)."""
