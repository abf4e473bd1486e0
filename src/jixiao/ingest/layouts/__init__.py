"""Layouts: one module per arrangement of the form; each turns ``Grid``s into ``Form``s."""
