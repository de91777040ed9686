"""Pure figure builders: a DataFrame in, a `go.Figure` out. No Dash, Flask or SQL here."""
