"""Readers: one module per file format; each turns bytes into ``Grid``s and knows nothing of forms."""
