"""Stage 5: archived copies (Wayback Machine, Memento) and repair of damaged URLs."""
