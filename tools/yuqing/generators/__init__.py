"""Site generators other than MkDocs, fed by the pure renderer (DESIGN §11)."""
