"""Reading a ``Grid`` into ``Form``s under a declared layout (``table``: one reader, every layout as data)."""
